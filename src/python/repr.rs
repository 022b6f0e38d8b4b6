//! `repr()` and `str()` of values exactly as CPython prints them, and the format-spec mini
//! language used by f-strings and `str.format` for simple values.

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{InstanceDict, Kind};

/// Python's `repr(float)` ('r' format: shortest round-trip digits, exponent outside 1e-4..1e16).
pub fn float_repr(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if v == 0.0 {
        return if v.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let sci = format!("{v:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let decpt = exp + 1;
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if (-4 < decpt) && (decpt <= 16) {
        if decpt <= 0 {
            out.push_str("0.");
            out.push_str(&"0".repeat((-decpt) as usize));
            out.push_str(&digits);
        } else if decpt as usize >= digits.len() {
            out.push_str(&digits);
            out.push_str(&"0".repeat(decpt as usize - digits.len()));
            out.push_str(".0");
        } else {
            out.push_str(&digits[..decpt as usize]);
            out.push('.');
            out.push_str(&digits[decpt as usize..]);
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = decpt - 1;
        out.push_str(&format!("e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs()));
    }
    out
}

/// `repr(str)`.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if (0x80..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// `repr(bytes)`.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::from("b");
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote as char);
    out
}

/// The name of an object's type as `type(x).__name__` gives it.
pub fn type_name(h: &Heap, id: ObjId) -> String {
    match h.kind(id) {
        Kind::Instance(inst) => match h.kind(inst.class) {
            Kind::Class(c) => c.name.to_string(),
            _ => "object".into(),
        },
        Kind::Builtin(b) => {
            if super::builtins::is_type(*b) {
                "type".into()
            } else {
                "builtin_function_or_method".into()
            }
        }
        k => k.type_name().into(),
    }
}

/// `repr(obj)` for everything except instances with a user `__repr__` (the interpreter handles those).
pub fn repr(h: &Heap, id: ObjId, seen: &mut Vec<ObjId>) -> String {
    let obj = h.get(id);
    match &obj.kind {
        Kind::None => "None".into(),
        Kind::Bool(b) => if *b { "True" } else { "False" }.into(),
        Kind::Ellipsis => "Ellipsis".into(),
        Kind::NotImplemented => "NotImplemented".into(),
        Kind::Int(i) => i.to_string(),
        Kind::Float(f) => float_repr(*f),
        Kind::Str(s) => str_repr(s),
        Kind::Bytes(b) => bytes_repr(b),
        Kind::ByteArray(b, _) => format!("bytearray({})", bytes_repr(b)),
        Kind::Tuple(items) => {
            if seen.contains(&id) {
                return "(...)".into();
            }
            seen.push(id);
            let parts: Vec<String> = items.iter().map(|&i| repr(h, i, seen)).collect();
            seen.pop();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Kind::List(items, ..) => {
            if seen.contains(&id) {
                return "[...]".into();
            }
            seen.push(id);
            let parts: Vec<String> = items.iter().map(|&i| repr(h, i, seen)).collect();
            seen.pop();
            format!("[{}]", parts.join(", "))
        }
        Kind::Dict(d) => {
            if seen.contains(&id) {
                return "{...}".into();
            }
            seen.push(id);
            let parts: Vec<String> = d
                .iter()
                .map(|(k, v)| format!("{}: {}", repr(h, k, seen), repr(h, v, seen)))
                .collect();
            seen.pop();
            format!("{{{}}}", parts.join(", "))
        }
        Kind::Set(items, _, frozen) => {
            if items.is_empty() {
                return if *frozen {
                    "frozenset()".into()
                } else {
                    "set()".into()
                };
            }
            if seen.contains(&id) {
                return format!("{}(...)", obj.kind.type_name());
            }
            seen.push(id);
            let parts: Vec<String> = items.iter().map(|&i| repr(h, i, seen)).collect();
            seen.pop();
            if *frozen {
                format!("frozenset({{{}}})", parts.join(", "))
            } else {
                format!("{{{}}}", parts.join(", "))
            }
        }
        Kind::Instance(inst) => {
            let cname = match h.kind(inst.class) {
                Kind::Class(c) => c.name.to_string(),
                _ => "object".into(),
            };
            format!("<__main__.{} object at {:#x}>", cname, obj.addr)
        }
        Kind::Class(c) => format!("<class '__main__.{}'>", c.name),
        Kind::Function(f) => format!("<function {} at {:#x}>", f.qualname, obj.addr),
        Kind::Method(func, this) => {
            let qual = match h.kind(*func) {
                Kind::Function(f) => f.qualname.to_string(),
                _ => "?".into(),
            };
            format!("<bound method {} of {}>", qual, repr(h, *this, seen))
        }
        Kind::Builtin(b) => super::builtins::builtin_repr(*b),
        Kind::BuiltinMethod(b, this) => {
            format!(
                "<built-in method {} of {} object at {:#x}>",
                super::builtins::name(*b),
                type_name(h, *this),
                h.get(*this).addr
            )
        }
        Kind::Module(name, _) => match &**name {
            "gc" | "sys" | "_testcapi" | "itertools" => format!("<module '{name}' (built-in)>"),
            _ => format!("<module '{name}'>"),
        },
        Kind::WeakRef(target, _, ..) => match target {
            Some(t) => format!(
                "<weakref at {:#x}; to '{}' at {:#x}>",
                obj.addr,
                type_name(h, *t),
                h.get(*t).addr
            ),
            None => format!("<weakref at {:#x}; dead>", obj.addr),
        },
        Kind::Finalizer(..) => format!("<finalize object at {:#x}>", obj.addr),
        Kind::Object => format!("<object object at {:#x}>", obj.addr),
        Kind::Cell(c) => match c {
            Some(x) => format!(
                "<cell at {:#x}: {} object at {:#x}>",
                obj.addr,
                type_name(h, *x),
                h.get(*x).addr
            ),
            None => format!("<cell at {:#x}: empty>", obj.addr),
        },
        Kind::Range(a, b, s) => {
            if *s == 1 {
                format!("range({a}, {b})")
            } else {
                format!("range({a}, {b}, {s})")
            }
        }
        k => format!("<{} object at {:#x}>", k.type_name(), obj.addr),
    }
}

/// Whether an instance has an attribute dict with values (used to decide `__dict__` output).
pub fn instance_has_values(h: &Heap, id: ObjId) -> bool {
    matches!(h.kind(id), Kind::Instance(i) if !matches!(i.dict, InstanceDict::None))
}

/// A parsed format spec: `[[fill]align][sign][#][0][width][,][.precision][type]`.
#[derive(Debug, Default, Clone)]
pub struct FormatSpec {
    /// Fill character.
    pub fill: Option<char>,
    /// `<`, `>`, `^` or `=`.
    pub align: Option<char>,
    /// `+`, `-` or ` `.
    pub sign: Option<char>,
    /// Zero padding.
    pub zero: bool,
    /// Minimum width.
    pub width: usize,
    /// Thousands separator.
    pub comma: bool,
    /// Precision.
    pub precision: Option<usize>,
    /// Presentation type.
    pub ty: Option<char>,
}

/// Parses a format spec; `None` if it is malformed.
pub fn parse_spec(spec: &str) -> Option<FormatSpec> {
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut f = FormatSpec::default();
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        f.fill = Some(chars[0]);
        f.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        f.align = Some(chars[0]);
        i = 1;
    }
    if let Some(&c) = chars.get(i) {
        if matches!(c, '+' | '-' | ' ') {
            f.sign = Some(c);
            i += 1;
        }
    }
    if chars.get(i) == Some(&'0') {
        f.zero = true;
        i += 1;
    }
    let start = i;
    while chars.get(i).is_some_and(char::is_ascii_digit) {
        i += 1;
    }
    if i > start {
        f.width = chars[start..i].iter().collect::<String>().parse().ok()?;
    }
    if chars.get(i) == Some(&',') {
        f.comma = true;
        i += 1;
    }
    if chars.get(i) == Some(&'.') {
        i += 1;
        let s = i;
        while chars.get(i).is_some_and(char::is_ascii_digit) {
            i += 1;
        }
        f.precision = Some(chars[s..i].iter().collect::<String>().parse().ok()?);
    }
    if let Some(&c) = chars.get(i) {
        f.ty = Some(c);
        i += 1;
    }
    (i == chars.len()).then_some(f)
}

/// Pads `body` to the spec's width with its fill and alignment (`default_align` when none given).
pub fn pad(body: &str, spec: &FormatSpec, default_align: char) -> String {
    let len = body.chars().count();
    if len >= spec.width {
        return body.to_string();
    }
    let fill = spec.fill.unwrap_or(if spec.zero && spec.align.is_none() {
        '0'
    } else {
        ' '
    });
    let align = spec
        .align
        .unwrap_or(if spec.zero { '=' } else { default_align });
    let n = spec.width - len;
    let fills = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
    match align {
        '<' => format!("{body}{}", fills(n)),
        '^' => format!("{}{body}{}", fills(n / 2), fills(n - n / 2)),
        '=' => {
            let (sign, rest) = match body.chars().next() {
                Some(c @ ('-' | '+' | ' ')) => (c.to_string(), &body[1..]),
                _ => (String::new(), body),
            };
            format!("{sign}{}{rest}", fills(n))
        }
        _ => format!("{}{body}", fills(n)),
    }
}

/// Inserts thousands separators into the integer part of a number.
pub fn group_thousands(digits: &str) -> String {
    let (sign, rest) = if let Some(r) = digits.strip_prefix('-') {
        ("-", r)
    } else {
        ("", digits)
    };
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(a, b)| (a, Some(b)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_reprs_match_cpython() {
        for (v, s) in [
            (0.5, "0.5"),
            (1.0, "1.0"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (0.1 + 0.2, "0.30000000000000004"),
            (-2.5, "-2.5"),
            (123456789.125, "123456789.125"),
            (1.5e300, "1.5e+300"),
        ] {
            assert_eq!(float_repr(v), s);
        }
    }

    #[test]
    fn str_reprs_choose_quotes_like_cpython() {
        assert_eq!(str_repr("abc"), "'abc'");
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(str_repr("x\ny"), "'x\\ny'");
    }

    #[test]
    fn format_specs() {
        let s = parse_spec("22s").unwrap_or_default();
        assert_eq!(s.width, 22);
        assert_eq!(pad("float", &s, '<'), format!("float{}", " ".repeat(17)));
        let d = parse_spec("2d").unwrap_or_default();
        assert_eq!(pad("5", &d, '>'), " 5");
        assert_eq!(group_thousands("-1234567.5"), "-1,234,567.5");
        assert!(parse_spec("%%").is_none());
    }
}
