//! `repr()` and `str()` of values exactly as CPython prints them, and the format-spec mini
//! language used by f-strings and `str.format` for simple values.

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::Kind;

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

/// The name of an object's type as `type(x).__name__` gives it (for views that have the heap
/// but not the interpreter; names are those of recent versions).
pub fn type_name(h: &Heap, id: ObjId) -> String {
    use super::vm::builtins::T;
    let t = match h.kind(id) {
        Kind::Instance(inst) => return class_name(h, inst.class),
        Kind::Exception(e) => return class_name(h, e.class),
        Kind::Class(c) => {
            return match c.metaclass {
                Some(m) => class_name(h, m),
                None => "type".into(),
            }
        }
        Kind::Type(_) => T::Type,
        Kind::Native(n) => T::from_index(n.ty),
        Kind::WeakRef(_, _, t) => T::from_index(*t),
        Kind::Dict(d) => T::of_dict(d.subtype),
        Kind::PySet(d) if d.frozen => T::FrozenSet,
        Kind::PySet(_) => T::Set,
        Kind::BuiltinFn(..) => T::BuiltinFunction,
        Kind::Traceback(..) => T::Traceback,
        Kind::FrameObj(_) => T::Frame,
        Kind::Generator(_) => T::Generator,
        Kind::Complex(..) => T::Complex,
        k => return k.type_name().into(),
    };
    t.name().into()
}

/// A class's `__name__`.
fn class_name(h: &Heap, class: ObjId) -> String {
    match h.kind(class) {
        Kind::Class(c) => c.name.to_string(),
        Kind::Type(t) => super::vm::builtins::T::from_index(*t).name().into(),
        _ => "object".into(),
    }
}

/// A short `repr(obj)` for views (values of builtin types; other objects show their type and
/// address, as CPython's default repr does).
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
        Kind::PySet(d) => {
            let keys: Vec<ObjId> = d.keys().collect();
            if keys.is_empty() {
                return if d.frozen { "frozenset()" } else { "set()" }.into();
            }
            if seen.contains(&id) {
                return "{...}".into();
            }
            seen.push(id);
            let parts: Vec<String> = keys.iter().map(|&i| repr(h, i, seen)).collect();
            seen.pop();
            if d.frozen {
                format!("frozenset({{{}}})", parts.join(", "))
            } else {
                format!("{{{}}}", parts.join(", "))
            }
        }
        Kind::Class(c) => format!("<class '{}'>", c.name),
        Kind::Type(_) => format!("<class '{}'>", type_name(h, id)),
        Kind::Function(f) => format!("<function {} at {:#x}>", f.qualname, obj.addr),
        Kind::Module(name, _) => format!("<module '{name}'>"),
        Kind::WeakRef(target, ..) => match target {
            Some(t) => format!(
                "<weakref at {:#x}; to '{}' at {:#x}>",
                obj.addr,
                type_name(h, *t),
                h.get(*t).addr
            ),
            None => format!("<weakref at {:#x}; dead>", obj.addr),
        },
        Kind::Range(a, b, s) => {
            if *s == 1 {
                format!("range({a}, {b})")
            } else {
                format!("range({a}, {b}, {s})")
            }
        }
        _ => format!("<{} object at {:#x}>", type_name(h, id), obj.addr),
    }
}
