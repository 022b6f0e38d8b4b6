//! `str`: indexing and slicing by character, the methods (searching, splitting, joining,
//! case, padding, predicates, `format`...), `%`-formatting and `str.format` with their field
//! syntax.

use std::rc::Rc;

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind};

use super::super::exception::{err, type_error, value_error, R};
use super::super::format::{format_exp, format_general};
use super::super::Vm;
use super::{method, staticmethod, Args, Def, T};

fn text(heap: &Heap, o: ObjId) -> Rc<str> {
    match heap.kind(o) {
        Kind::Str(s) => s.clone(),
        _ => Rc::from(""),
    }
}

impl Vm {
    /// `s[key]`.
    pub(crate) fn str_getitem(&mut self, heap: &mut Heap, s: ObjId, key: ObjId) -> R<ObjId> {
        let t = text(heap, s);
        let ascii = t.is_ascii();
        let n = if ascii { t.len() } else { t.chars().count() };
        if let Some(r) = self.slice_range(heap, key, n)? {
            if r.step == 1 && r.len == n {
                heap.incref(s);
                return Ok(s);
            }
            let out: String = if ascii {
                r.indices().map(|i| t.as_bytes()[i] as char).collect()
            } else {
                let chars: Vec<char> = t.chars().collect();
                r.indices().map(|i| chars[i]).collect()
            };
            return Ok(heap.str(&out));
        }
        match self.seq_index(heap, key, n, "string")? {
            Some(i) => {
                let ch = if ascii {
                    t.as_bytes()[i] as char
                } else {
                    t.chars().nth(i).unwrap_or(' ')
                };
                Ok(heap.str(ch.encode_utf8(&mut [0; 4])))
            }
            None => Err(err(T::IndexError, "string index out of range")),
        }
    }

    /// `str(x)` as the `str` type's constructor.
    pub(crate) fn str_new(
        &mut self,
        heap: &mut Heap,
        x: Option<ObjId>,
        encoding: Option<ObjId>,
    ) -> R<ObjId> {
        let Some(x) = x else {
            return Ok(heap.str(""));
        };
        if let Some(enc) = encoding {
            let bytes = match heap.kind(x) {
                Kind::Bytes(b) => b.to_vec(),
                Kind::ByteArray(b, _) => b.clone(),
                Kind::Str(_) => return Err(type_error("decoding str is not supported")),
                _ => {
                    let t = self.type_name(heap, x);
                    return Err(type_error(format!(
                        "decoding to str: need a bytes-like object, {t} found"
                    )));
                }
            };
            let e = self
                .str_value(heap, enc)
                .to_ascii_lowercase()
                .replace('_', "-");
            if !matches!(&*e, "utf-8" | "utf8" | "ascii") {
                return Err(super::super::exception::unsupported(format!(
                    "the '{e}' codec"
                )));
            }
            return match String::from_utf8(bytes) {
                Ok(s) if e != "ascii" || s.is_ascii() => Ok(heap.str(&s)),
                _ => Err(super::super::exception::unsupported(
                    "decoding bytes that are not valid text",
                )),
            };
        }
        if let Kind::Str(_) = heap.kind(x) {
            heap.incref(x);
            return Ok(x);
        }
        let s = self.str_of(heap, x)?;
        Ok(self.text_of(heap, x, &s))
    }

    /// `fmt % args`.
    pub(crate) fn percent_format(&mut self, heap: &mut Heap, fmt: &str, args: ObjId) -> R<String> {
        let (items, is_tuple) = match heap.kind(args) {
            Kind::Tuple(items) => (items.clone(), true),
            _ => (vec![args], false),
        };
        let mapping = matches!(heap.kind(args), Kind::Dict(_));
        let mut out = String::new();
        let mut it = items.iter();
        let mut used = 0usize;
        let chars: Vec<char> = fmt.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c != '%' {
                out.push(c);
                i += 1;
                continue;
            }
            i += 1;
            if i >= chars.len() {
                return Err(value_error("incomplete format"));
            }
            // %(name)
            let mut value: Option<ObjId> = None;
            if chars[i] == '(' {
                let start = i + 1;
                let mut depth = 1;
                i += 1;
                while i < chars.len() && depth > 0 {
                    if chars[i] == '(' {
                        depth += 1;
                    } else if chars[i] == ')' {
                        depth -= 1;
                    }
                    i += 1;
                }
                let key: String = chars[start..i - 1].iter().collect();
                if !mapping {
                    return Err(type_error("format requires a mapping"));
                }
                let k = heap.str(&key);
                let v = self.dict_lookup(heap, args, k);
                heap.decref(self, k);
                match v? {
                    Some(v) => value = Some(v),
                    None => return Err(err(T::KeyError, crate::python::repr::str_repr(&key))),
                }
            }
            let mut flags = String::new();
            while i < chars.len() && "-+ #0".contains(chars[i]) {
                flags.push(chars[i]);
                i += 1;
            }
            let mut width = String::new();
            if i < chars.len() && chars[i] == '*' {
                let w = it
                    .next()
                    .copied()
                    .ok_or_else(|| type_error("not enough arguments for format string"))?;
                used += 1;
                width = self.index_value(heap, w)?.to_string();
                i += 1;
            }
            while i < chars.len() && chars[i].is_ascii_digit() {
                width.push(chars[i]);
                i += 1;
            }
            let mut precision: Option<usize> = None;
            if i < chars.len() && chars[i] == '.' {
                i += 1;
                let mut p = String::new();
                if i < chars.len() && chars[i] == '*' {
                    let w = it
                        .next()
                        .copied()
                        .ok_or_else(|| type_error("not enough arguments for format string"))?;
                    used += 1;
                    p = self.index_value(heap, w)?.to_string();
                    i += 1;
                }
                while i < chars.len() && chars[i].is_ascii_digit() {
                    p.push(chars[i]);
                    i += 1;
                }
                precision = Some(p.parse().unwrap_or(0));
            }
            while i < chars.len() && matches!(chars[i], 'h' | 'l' | 'L') {
                i += 1;
            }
            if i >= chars.len() {
                return Err(value_error("incomplete format"));
            }
            let conv = chars[i];
            i += 1;
            if conv == '%' {
                out.push('%');
                continue;
            }
            let v = match value {
                Some(v) => v,
                None if mapping && !is_tuple => args,
                None => {
                    used += 1;
                    *it.next()
                        .ok_or_else(|| type_error("not enough arguments for format string"))?
                }
            };
            let left = flags.contains('-');
            let zero = flags.contains('0') && !left;
            let plus = flags.contains('+');
            let space = flags.contains(' ');
            let alt = flags.contains('#');
            let w: usize = width.parse().unwrap_or(0);
            let body = match conv {
                's' | 'r' | 'a' => {
                    let s = match conv {
                        's' => self.str_of(heap, v)?.to_string(),
                        'r' => self.repr_of(heap, v)?.to_string(),
                        _ => super::super::format::ascii_escape(&self.repr_of(heap, v)?),
                    };
                    match precision {
                        Some(p) => s.chars().take(p).collect(),
                        None => s,
                    }
                }
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' | 'c' => {
                    if conv == 'c' {
                        match heap.kind(v) {
                            Kind::Str(s) if s.chars().count() == 1 => s.to_string(),
                            _ => {
                                let n = self.index_value(heap, v)?;
                                char::from_u32(n as u32)
                                    .map(String::from)
                                    .unwrap_or_default()
                            }
                        }
                    } else {
                        let n = match heap.kind(v) {
                            Kind::Float(f) => super::int::float_to_big(f.trunc()),
                            _ => match self.int_value(heap, v) {
                                Some(n) => n,
                                None => {
                                    let t = self.type_name(heap, v);
                                    return Err(type_error(format!(
                                        "%{conv} format: a {} is required, not {t}",
                                        if conv == 'd' || conv == 'i' || conv == 'u' {
                                            "real number"
                                        } else {
                                            "integer"
                                        }
                                    )));
                                }
                            },
                        };
                        let neg = num_traits::Signed::is_negative(&n);
                        let mag = num_traits::Signed::abs(&n);
                        let mut digits = match conv {
                            'x' => mag.to_str_radix(16),
                            'X' => mag.to_str_radix(16).to_uppercase(),
                            'o' => mag.to_str_radix(8),
                            _ => mag.to_string(),
                        };
                        if let Some(p) = precision {
                            while digits.len() < p {
                                digits.insert(0, '0');
                            }
                        }
                        let prefix = if alt {
                            match conv {
                                'x' => "0x",
                                'X' => "0X",
                                'o' => "0o",
                                _ => "",
                            }
                        } else {
                            ""
                        };
                        let sign = if neg {
                            "-"
                        } else if plus {
                            "+"
                        } else if space {
                            " "
                        } else {
                            ""
                        };
                        let body = format!("{sign}{prefix}{digits}");
                        if zero && body.len() < w {
                            let pad = "0".repeat(w - body.len());
                            format!("{sign}{prefix}{pad}{digits}")
                        } else {
                            body
                        }
                    }
                }
                'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                    let f = match self.number(heap, v) {
                        Some(n) => super::int::to_f64(&n)?,
                        None => {
                            let t = self.type_name(heap, v);
                            return Err(type_error(format!("must be real number, not {t}")));
                        }
                    };
                    let p = precision.unwrap_or(6);
                    let a = f.abs();
                    let s = match conv {
                        'f' | 'F' => {
                            if a.is_finite() {
                                format!("{a:.p$}")
                            } else if a.is_nan() {
                                "nan".into()
                            } else {
                                "inf".into()
                            }
                        }
                        'e' | 'E' => format_exp(a, p, conv == 'E'),
                        _ => format_general(a, if p == 0 { 1 } else { p }, conv == 'G', alt),
                    };
                    let sign = if f.is_sign_negative() && !f.is_nan() {
                        "-"
                    } else if plus {
                        "+"
                    } else if space {
                        " "
                    } else {
                        ""
                    };
                    let body = format!("{sign}{s}");
                    if zero && body.len() < w {
                        format!("{sign}{}{s}", "0".repeat(w - body.len()))
                    } else {
                        body
                    }
                }
                other => {
                    return Err(value_error(format!(
                        "unsupported format character '{other}' (0x{:x}) at index {}",
                        other as u32,
                        i - 1
                    )))
                }
            };
            let len = body.chars().count();
            if len < w {
                if left {
                    out.push_str(&body);
                    out.push_str(&" ".repeat(w - len));
                } else {
                    out.push_str(&" ".repeat(w - len));
                    out.push_str(&body);
                }
            } else {
                out.push_str(&body);
            }
        }
        if is_tuple && used < items.len() && !mapping {
            return Err(type_error(
                "not all arguments converted during string formatting",
            ));
        }
        if !is_tuple && !mapping && used == 0 && !fmt.is_empty() {
            return Err(type_error(
                "not all arguments converted during string formatting",
            ));
        }
        Ok(out)
    }

    /// `fmt.format(*args, **kwargs)`.
    pub(crate) fn str_format(
        &mut self,
        heap: &mut Heap,
        fmt: &str,
        args: &[ObjId],
        kwnames: &[ObjId],
        kwvals: &[ObjId],
        depth: u32,
    ) -> R<String> {
        if depth > 2 {
            return Err(value_error("Max string recursion exceeded"));
        }
        let chars: Vec<char> = fmt.chars().collect();
        let mut out = String::new();
        let mut auto = 0usize;
        let mut manual = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '{' {
                if chars.get(i + 1) == Some(&'{') {
                    out.push('{');
                    i += 2;
                    continue;
                }
                // The field up to the matching brace.
                let start = i + 1;
                let mut depth_b = 1;
                i += 1;
                while i < chars.len() && depth_b > 0 {
                    match chars[i] {
                        '{' => depth_b += 1,
                        '}' => depth_b -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                if depth_b > 0 {
                    return Err(value_error("expected '}' before end of string"));
                }
                let field: String = chars[start..i - 1].iter().collect();
                // field_name[!conv][:spec]
                let (name_conv, spec) = match split_top(&field, ':') {
                    Some((a, b)) => (a, Some(b)),
                    None => (field.clone(), None),
                };
                let (name, conv) = match name_conv.split_once('!') {
                    Some((a, b)) => (a.to_string(), Some(b.to_string())),
                    None => (name_conv, None),
                };
                // The first part of the name: an index or a keyword.
                let first_end = name.find(['.', '[']).unwrap_or(name.len());
                let first = &name[..first_end];
                let mut obj = if first.is_empty() {
                    if manual {
                        return Err(value_error(
                            "cannot switch from manual field specification to automatic field numbering",
                        ));
                    }
                    let v = args.get(auto).copied().ok_or_else(|| {
                        err(
                            T::IndexError,
                            format!(
                                "Replacement index {auto} out of range for positional args tuple"
                            ),
                        )
                    })?;
                    auto += 1;
                    v
                } else if let Ok(n) = first.parse::<usize>() {
                    manual = true;
                    if auto > 0 {
                        return Err(value_error(
                            "cannot switch from automatic field numbering to manual field specification",
                        ));
                    }
                    args.get(n).copied().ok_or_else(|| {
                        err(
                            T::IndexError,
                            format!("Replacement index {n} out of range for positional args tuple"),
                        )
                    })?
                } else {
                    let pos = kwnames
                        .iter()
                        .position(|&k| matches!(heap.kind(k), Kind::Str(s) if &**s == first));
                    match pos {
                        Some(p) => kwvals[p],
                        None => return Err(err(T::KeyError, crate::python::repr::str_repr(first))),
                    }
                };
                heap.incref(obj);
                // .attr and [key] parts.
                let mut rest = &name[first_end..];
                while !rest.is_empty() {
                    if let Some(r) = rest.strip_prefix('.') {
                        let end = r.find(['.', '[']).unwrap_or(r.len());
                        let attr = &r[..end];
                        let v = self.getattr_str(heap, obj, attr);
                        heap.decref(self, obj);
                        obj = v?;
                        rest = &r[end..];
                    } else if let Some(r) = rest.strip_prefix('[') {
                        let end = r
                            .find(']')
                            .ok_or_else(|| value_error("Missing ']' in format string"))?;
                        let key = &r[..end];
                        let k = match key.parse::<i64>() {
                            Ok(n) => heap.int(n),
                            Err(_) => heap.str(key),
                        };
                        let v = self.getitem(heap, obj, k);
                        heap.decref(self, k);
                        heap.decref(self, obj);
                        obj = v?;
                        rest = &r[end + 1..];
                    } else {
                        break;
                    }
                }
                let converted = match conv.as_deref() {
                    Some("r") => Some(self.repr_of(heap, obj).map(|s| s.to_string())),
                    Some("s") => Some(self.str_of(heap, obj).map(|s| s.to_string())),
                    Some("a") => Some(
                        self.repr_of(heap, obj)
                            .map(|s| super::super::format::ascii_escape(&s)),
                    ),
                    Some(other) => {
                        heap.decref(self, obj);
                        return Err(value_error(format!("Unknown conversion specifier {other}")));
                    }
                    None => None,
                };
                // A spec may itself contain fields.
                let spec = match spec {
                    Some(s) if s.contains('{') => {
                        self.str_format(heap, &s, args, kwnames, kwvals, depth + 1)?
                    }
                    Some(s) => s,
                    None => String::new(),
                };
                let text = match converted {
                    Some(c) => {
                        let c = c?;
                        super::super::format::format_str(&c, &spec)
                    }
                    None => self.format(heap, obj, &spec),
                };
                heap.decref(self, obj);
                out.push_str(&text?);
                let _ = auto;
                continue;
            }
            if c == '}' {
                if chars.get(i + 1) == Some(&'}') {
                    out.push('}');
                    i += 2;
                    continue;
                }
                return Err(value_error("Single '}' encountered in format string"));
            }
            out.push(c);
            i += 1;
        }
        Ok(out)
    }
}

/// Splits at the first `sep` outside brackets.
fn split_top(s: &str, sep: char) -> Option<(String, String)> {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            c if c == sep && depth == 0 => {
                return Some((s[..i].to_string(), s[i + 1..].to_string()))
            }
            _ => {}
        }
    }
    None
}

/// A trait to read bytes payloads uniformly.
fn arg_str(vm: &Vm, heap: &Heap, a: &Args, i: usize, what: &str) -> R<Rc<str>> {
    match a.get(i).map(|o| heap.kind(o)) {
        Some(Kind::Str(s)) => Ok(s.clone()),
        Some(_) => {
            let t = vm.type_name(heap, a.pos[i]);
            Err(type_error(
                format!("{what} arg must be None or str, not {t}")
                    .replace("None or str, not", "str, not"),
            ))
        }
        None => Err(type_error(format!(
            "{}() takes at least 1 argument (0 given)",
            a.name
        ))),
    }
}

fn opt_str(heap: &Heap, a: &Args, i: usize) -> Option<Rc<str>> {
    match a.get(i).map(|o| heap.kind(o)) {
        Some(Kind::Str(s)) => Some(s.clone()),
        _ => None,
    }
}

fn new_str(heap: &mut Heap, s: &str) -> R<ObjId> {
    Ok(heap.str(s))
}

fn s_upper(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let t = text(heap, a.this());
    new_str(heap, &t.to_uppercase())
}
fn s_lower(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let t = text(heap, a.this());
    new_str(heap, &t.to_lowercase())
}
fn s_casefold(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let t = text(heap, a.this());
    new_str(heap, &t.to_lowercase().replace('ß', "ss"))
}
fn s_swapcase(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let t = text(heap, a.this());
    let s: String = t
        .chars()
        .flat_map(|c| {
            if c.is_uppercase() {
                c.to_lowercase().collect::<Vec<_>>()
            } else {
                c.to_uppercase().collect::<Vec<_>>()
            }
        })
        .collect();
    new_str(heap, &s)
}
fn s_title(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let t = text(heap, a.this());
    let mut out = String::new();
    let mut prev_cased = false;
    for c in t.chars() {
        if c.is_alphabetic() {
            if prev_cased {
                out.extend(c.to_lowercase());
            } else {
                out.extend(c.to_uppercase());
            }
            prev_cased = true;
        } else {
            out.push(c);
            prev_cased = false;
        }
    }
    new_str(heap, &out)
}
fn s_capitalize(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let t = text(heap, a.this());
    let mut chars = t.chars();
    let s = match chars.next() {
        Some(f) => f.to_uppercase().collect::<String>() + &chars.as_str().to_lowercase(),
        None => String::new(),
    };
    new_str(heap, &s)
}

fn strip_chars(heap: &Heap, a: &Args) -> Option<Vec<char>> {
    opt_str(heap, a, 0).map(|s| s.chars().collect())
}

fn s_strip(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 1)?;
    let t = text(heap, a.this());
    let r = match strip_chars(heap, a) {
        Some(cs) => t.trim_matches(|c| cs.contains(&c)).to_string(),
        None => t.trim().to_string(),
    };
    if r.len() == t.len() {
        heap.incref(a.this());
        return Ok(a.this());
    }
    new_str(heap, &r)
}
fn s_lstrip(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 1)?;
    let t = text(heap, a.this());
    let r = match strip_chars(heap, a) {
        Some(cs) => t.trim_start_matches(|c| cs.contains(&c)).to_string(),
        None => t.trim_start().to_string(),
    };
    if r.len() == t.len() {
        heap.incref(a.this());
        return Ok(a.this());
    }
    new_str(heap, &r)
}
fn s_rstrip(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 1)?;
    let t = text(heap, a.this());
    let r = match strip_chars(heap, a) {
        Some(cs) => t.trim_end_matches(|c| cs.contains(&c)).to_string(),
        None => t.trim_end().to_string(),
    };
    if r.len() == t.len() {
        heap.incref(a.this());
        return Ok(a.this());
    }
    new_str(heap, &r)
}

fn s_split(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    split_impl(vm, heap, a, false)
}
fn s_rsplit(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    split_impl(vm, heap, a, true)
}

fn split_impl(vm: &mut Vm, heap: &mut Heap, a: &Args, right: bool) -> R<ObjId> {
    let t = text(heap, a.this());
    let sep = match a.arg(heap, 0, "sep") {
        Some(s) if matches!(heap.kind(s), Kind::None) => None,
        Some(s) => match heap.kind(s) {
            Kind::Str(x) => Some(x.clone()),
            _ => {
                let ty = vm.type_name(heap, s);
                return Err(type_error(format!("must be str or None, not {ty}")));
            }
        },
        None => None,
    };
    let maxsplit = match a.arg(heap, 1, "maxsplit") {
        Some(m) => vm.index_value(heap, m)?,
        None => -1,
    };
    let parts: Vec<String> = match &sep {
        Some(s) if s.is_empty() => return Err(value_error("empty separator")),
        Some(s) => {
            if maxsplit < 0 {
                t.split(s.as_ref()).map(str::to_string).collect()
            } else if right {
                let mut v: Vec<String> = t
                    .rsplitn(maxsplit as usize + 1, s.as_ref())
                    .map(str::to_string)
                    .collect();
                v.reverse();
                v
            } else {
                t.splitn(maxsplit as usize + 1, s.as_ref())
                    .map(str::to_string)
                    .collect()
            }
        }
        None => {
            let words: Vec<&str> = t.split_whitespace().collect();
            if maxsplit < 0 || words.len() <= maxsplit as usize {
                words.into_iter().map(str::to_string).collect()
            } else if right {
                // Keep the leading part as one piece.
                let mut out = Vec::new();
                let mut rest = t.trim_end();
                for _ in 0..maxsplit {
                    match rest.rfind(char::is_whitespace) {
                        Some(i) => {
                            out.push(rest[i..].trim_start().to_string());
                            rest = rest[..i].trim_end();
                        }
                        None => break,
                    }
                }
                out.push(rest.to_string());
                out.reverse();
                out
            } else {
                let mut out = Vec::new();
                let mut rest = t.trim_start();
                for _ in 0..maxsplit {
                    match rest.find(char::is_whitespace) {
                        Some(i) => {
                            out.push(rest[..i].to_string());
                            rest = rest[i..].trim_start();
                        }
                        None => break,
                    }
                }
                if !rest.is_empty() {
                    out.push(rest.to_string());
                }
                out
            }
        }
    };
    let items: Vec<ObjId> = parts.iter().map(|p| heap.str(p)).collect();
    Ok(vm.new_list(heap, items))
}

fn s_splitlines(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let t = text(heap, a.this());
    let keep = match a.arg(heap, 0, "keepends") {
        Some(k) => vm.is_true(heap, k)?,
        None => false,
    };
    let mut items = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        ) {
            let mut end = c.to_string();
            if c == '\r' && chars.get(i + 1) == Some(&'\n') {
                end.push('\n');
                i += 1;
            }
            if keep {
                cur.push_str(&end);
            }
            items.push(heap.str(&cur));
            cur.clear();
        } else {
            cur.push(c);
        }
        i += 1;
    }
    if !cur.is_empty() {
        items.push(heap.str(&cur));
    }
    Ok(vm.new_list(heap, items))
}

fn s_join(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let sep = text(heap, a.this());
    let items = vm.collect_iterable(heap, a.pos[0])?;
    let mut out = String::new();
    for (i, &it) in items.iter().enumerate() {
        match heap.kind(it) {
            Kind::Str(s) => {
                if i > 0 {
                    out.push_str(&sep);
                }
                out.push_str(s);
            }
            _ => {
                let t = vm.type_name(heap, it);
                for x in items {
                    heap.decref(vm, x);
                }
                return Err(type_error(format!(
                    "sequence item {i}: expected str instance, {t} found"
                )));
            }
        }
    }
    // One item: the item itself.
    if items.len() == 1 {
        let only = items[0];
        return Ok(only);
    }
    for x in items {
        heap.decref(vm, x);
    }
    new_str(heap, &out)
}

fn s_replace(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 3)?;
    let t = text(heap, a.this());
    let old = arg_str(vm, heap, a, 0, "replace")?;
    let new = arg_str(vm, heap, a, 1, "replace")?;
    let count = match a.arg(heap, 2, "count") {
        Some(c) => vm.index_value(heap, c)?,
        None => -1,
    };
    let r = if count < 0 {
        t.replace(old.as_ref(), &new)
    } else {
        t.replacen(old.as_ref(), &new, count as usize)
    };
    if r == *t {
        heap.incref(a.this());
        return Ok(a.this());
    }
    new_str(heap, &r)
}

/// A `startswith`/`endswith` prefix: a str or a tuple of them.
fn affixes(vm: &Vm, heap: &Heap, o: ObjId, what: &str) -> R<Vec<Rc<str>>> {
    match heap.kind(o) {
        Kind::Str(s) => Ok(vec![s.clone()]),
        Kind::Tuple(items) => items
            .iter()
            .map(|&i| match heap.kind(i) {
                Kind::Str(s) => Ok(s.clone()),
                _ => Err(type_error(format!(
                    "tuple for {what} must only contain str, not {}",
                    vm.type_name(heap, i)
                ))),
            })
            .collect(),
        _ => Err(type_error(format!(
            "{what} first arg must be str or a tuple of str, not {}",
            vm.type_name(heap, o)
        ))),
    }
}

fn sub_range(vm: &mut Vm, heap: &mut Heap, a: &Args, t: &str, from: usize) -> R<(usize, usize)> {
    let n = t.chars().count() as i64;
    let get = |vm: &mut Vm, heap: &mut Heap, i: usize, d: i64| -> R<i64> {
        match a.get(i) {
            Some(o) if !matches!(heap.kind(o), Kind::None) => {
                let v = vm.index_value(heap, o)?;
                Ok(if v < 0 { (v + n).max(0) } else { v.min(n) })
            }
            _ => Ok(d),
        }
    };
    let start = get(vm, heap, from, 0)?;
    let end = get(vm, heap, from + 1, n)?;
    Ok((start as usize, end.max(start) as usize))
}

fn char_slice(t: &str, start: usize, end: usize) -> String {
    t.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

fn s_startswith(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 3)?;
    let t = text(heap, a.this());
    let ps = affixes(vm, heap, a.pos[0], "startswith")?;
    let (s, e) = sub_range(vm, heap, a, &t, 1)?;
    let sub = char_slice(&t, s, e);
    Ok(heap.bool(ps.iter().any(|p| sub.starts_with(p.as_ref()))))
}

fn s_endswith(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 3)?;
    let t = text(heap, a.this());
    let ps = affixes(vm, heap, a.pos[0], "endswith")?;
    let (s, e) = sub_range(vm, heap, a, &t, 1)?;
    let sub = char_slice(&t, s, e);
    Ok(heap.bool(ps.iter().any(|p| sub.ends_with(p.as_ref()))))
}

/// Index of `needle` in `hay` (in characters), searching from the right with `right`.
fn find_chars(hay: &str, needle: &str, right: bool) -> Option<usize> {
    let pos = if right {
        hay.rfind(needle)
    } else {
        hay.find(needle)
    }?;
    Some(hay[..pos].chars().count())
}

fn find_impl(vm: &mut Vm, heap: &mut Heap, a: &Args, right: bool) -> R<Option<usize>> {
    a.count(1, 3)?;
    let t = text(heap, a.this());
    let needle = arg_str(vm, heap, a, 0, a.name)?;
    let (s, e) = sub_range(vm, heap, a, &t, 1)?;
    if s > t.chars().count() {
        return Ok(None);
    }
    let sub = char_slice(&t, s, e);
    Ok(find_chars(&sub, &needle, right).map(|i| i + s))
}

fn s_find(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let r = find_impl(vm, heap, a, false)?;
    Ok(heap.int(r.map_or(-1, |i| i as i64)))
}
fn s_rfind(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let r = find_impl(vm, heap, a, true)?;
    Ok(heap.int(r.map_or(-1, |i| i as i64)))
}
fn s_index(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    match find_impl(vm, heap, a, false)? {
        Some(i) => Ok(heap.int(i as i64)),
        None => Err(value_error("substring not found")),
    }
}
fn s_rindex(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    match find_impl(vm, heap, a, true)? {
        Some(i) => Ok(heap.int(i as i64)),
        None => Err(value_error("substring not found")),
    }
}
fn s_count(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 3)?;
    let t = text(heap, a.this());
    let needle = arg_str(vm, heap, a, 0, "count")?;
    let (s, e) = sub_range(vm, heap, a, &t, 1)?;
    let sub = char_slice(&t, s, e);
    let n = if needle.is_empty() {
        sub.chars().count() + 1
    } else {
        sub.matches(needle.as_ref()).count()
    };
    Ok(heap.int(n as i64))
}

fn pred(heap: &mut Heap, a: &Args, f: impl Fn(&str) -> bool) -> R<ObjId> {
    let t = text(heap, a.this());
    Ok(heap.bool(!t.is_empty() && f(&t)))
}

/// Which non-ASCII numerals are digits or decimals needs Unicode's tables, which pymemsim
/// does not carry: such strings stop with "not supported" instead of a guess.
fn check_ascii_digits(heap: &Heap, a: &Args, what: &str) -> R<()> {
    if text(heap, a.this())
        .chars()
        .any(|c| !c.is_ascii() && c.is_numeric())
    {
        return Err(super::super::exception::unsupported(format!(
            "str.{what}() of non-ASCII numerals"
        )));
    }
    Ok(())
}
fn s_isdigit(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    check_ascii_digits(heap, a, "isdigit")?;
    pred(heap, a, |t| t.chars().all(|c| c.is_ascii_digit()))
}
fn s_isdecimal(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    check_ascii_digits(heap, a, "isdecimal")?;
    pred(heap, a, |t| t.chars().all(|c| c.is_ascii_digit()))
}
fn s_isnumeric(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    pred(heap, a, |t| t.chars().all(char::is_numeric))
}
fn s_isalpha(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    pred(heap, a, |t| t.chars().all(char::is_alphabetic))
}
fn s_isalnum(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    pred(heap, a, |t| t.chars().all(char::is_alphanumeric))
}
fn s_isspace(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    pred(heap, a, |t| t.chars().all(char::is_whitespace))
}
fn s_isupper(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    pred(heap, a, |t| {
        t.chars().any(char::is_uppercase) && !t.chars().any(char::is_lowercase)
    })
}
fn s_islower(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    pred(heap, a, |t| {
        t.chars().any(char::is_lowercase) && !t.chars().any(char::is_uppercase)
    })
}
fn s_istitle(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    pred(heap, a, |t| {
        let mut prev_cased = false;
        let mut any = false;
        for c in t.chars() {
            if c.is_uppercase() {
                if prev_cased {
                    return false;
                }
                prev_cased = true;
                any = true;
            } else if c.is_lowercase() {
                if !prev_cased {
                    return false;
                }
                prev_cased = true;
                any = true;
            } else {
                prev_cased = false;
            }
        }
        any
    })
}
fn s_isidentifier(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let t = text(heap, a.this());
    let mut chars = t.chars();
    let ok = match chars.next() {
        Some(c) => {
            (c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
        }
        None => false,
    };
    Ok(heap.bool(ok))
}
fn s_isprintable(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let t = text(heap, a.this());
    Ok(heap.bool(t.chars().all(|c| !c.is_control())))
}
fn s_isascii(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let t = text(heap, a.this());
    Ok(heap.bool(t.is_ascii()))
}

fn pad_impl(vm: &mut Vm, heap: &mut Heap, a: &Args, align: char) -> R<ObjId> {
    a.count(1, 2)?;
    let t = text(heap, a.this());
    let w = vm.index_value(heap, a.pos[0])?.max(0) as usize;
    let fill = match a.get(1) {
        Some(f) => match heap.kind(f) {
            Kind::Str(s) if s.chars().count() == 1 => s.chars().next().unwrap_or(' '),
            _ => {
                return Err(type_error(
                    "The fill character must be exactly one character long",
                ))
            }
        },
        None => ' ',
    };
    let n = t.chars().count();
    if n >= w {
        heap.incref(a.this());
        return Ok(a.this());
    }
    let total = w - n;
    let (l, r) = match align {
        '<' => (0, total),
        '>' => (total, 0),
        _ => {
            // CPython's center puts the extra space on the left when the text length is odd.
            let left = total / 2 + (total & n & 1);
            (left, total - left)
        }
    };
    let f = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
    new_str(heap, &format!("{}{t}{}", f(l), f(r)))
}
fn s_center(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    pad_impl(vm, heap, a, '^')
}
fn s_ljust(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    pad_impl(vm, heap, a, '<')
}
fn s_rjust(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    pad_impl(vm, heap, a, '>')
}
fn s_zfill(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let t = text(heap, a.this());
    let w = vm.index_value(heap, a.pos[0])?.max(0) as usize;
    let n = t.chars().count();
    if n >= w {
        heap.incref(a.this());
        return Ok(a.this());
    }
    let (sign, rest) = match t.chars().next() {
        Some(c @ ('+' | '-')) => (c.to_string(), &t[1..]),
        _ => (String::new(), &t[..]),
    };
    new_str(heap, &format!("{sign}{}{rest}", "0".repeat(w - n)))
}

fn s_partition(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    partition_impl(vm, heap, a, false)
}
fn s_rpartition(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    partition_impl(vm, heap, a, true)
}
fn partition_impl(vm: &mut Vm, heap: &mut Heap, a: &Args, right: bool) -> R<ObjId> {
    a.count(1, 1)?;
    let t = text(heap, a.this());
    let sep = arg_str(vm, heap, a, 0, "partition")?;
    if sep.is_empty() {
        return Err(value_error("empty separator"));
    }
    let found = if right {
        t.rfind(sep.as_ref())
    } else {
        t.find(sep.as_ref())
    };
    let parts: [String; 3] = match found {
        Some(i) => [
            t[..i].to_string(),
            sep.to_string(),
            t[i + sep.len()..].to_string(),
        ],
        None if right => [String::new(), String::new(), t.to_string()],
        None => [t.to_string(), String::new(), String::new()],
    };
    let items: Vec<ObjId> = parts.iter().map(|p| heap.str(p)).collect();
    Ok(vm.new_tuple(heap, items))
}

fn s_format(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let t = text(heap, a.this());
    let s = vm.str_format(heap, &t, a.pos, a.kwnames, a.kwvals, 0)?;
    new_str(heap, &s)
}

fn s_format_map(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let t = text(heap, a.this());
    let pairs: Vec<(ObjId, ObjId)> = match heap.kind(a.pos[0]) {
        Kind::Dict(d) => d.iter().collect(),
        _ => Vec::new(),
    };
    let names: Vec<ObjId> = pairs.iter().map(|p| p.0).collect();
    let vals: Vec<ObjId> = pairs.iter().map(|p| p.1).collect();
    let s = vm.str_format(heap, &t, &[], &names, &vals, 0)?;
    new_str(heap, &s)
}

fn s_encode(_: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let t = text(heap, a.this());
    Ok(heap.bytes(t.as_bytes()))
}

fn s_expandtabs(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let t = text(heap, a.this());
    let size = match a.arg(heap, 0, "tabsize") {
        Some(s) => vm.index_value(heap, s)?.max(0) as usize,
        None => 8,
    };
    let mut out = String::new();
    let mut col = 0;
    for c in t.chars() {
        match c {
            '\t' => {
                if size > 0 {
                    let n = size - col % size;
                    out.push_str(&" ".repeat(n));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    new_str(heap, &out)
}

fn s_removeprefix(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let t = text(heap, a.this());
    let p = arg_str(vm, heap, a, 0, "removeprefix")?;
    match t.strip_prefix(p.as_ref()) {
        Some(r) if !p.is_empty() => new_str(heap, r),
        _ => {
            heap.incref(a.this());
            Ok(a.this())
        }
    }
}
fn s_removesuffix(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let t = text(heap, a.this());
    let p = arg_str(vm, heap, a, 0, "removesuffix")?;
    match t.strip_suffix(p.as_ref()) {
        Some(r) if !p.is_empty() => new_str(heap, r),
        _ => {
            heap.incref(a.this());
            Ok(a.this())
        }
    }
}

fn s_maketrans(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let d = heap.dict(vm);
    match a.pos.len() {
        1 => {
            let pairs: Vec<(ObjId, ObjId)> = match heap.kind(a.pos[0]) {
                Kind::Dict(dd) => dd.iter().collect(),
                _ => {
                    return Err(type_error(
                        "if you give only one argument to maketrans it must be a dict",
                    ))
                }
            };
            for (k, v) in pairs {
                let key = match heap.kind(k) {
                    Kind::Str(s) => heap.int(s.chars().next().map_or(0, |c| c as i64)),
                    _ => {
                        heap.incref(k);
                        k
                    }
                };
                heap.incref(v);
                vm.dict_setitem(heap, d, key, v)?;
            }
        }
        2 | 3 => {
            let x = text(heap, a.pos[0]);
            let y = text(heap, a.pos[1]);
            if x.chars().count() != y.chars().count() {
                heap.decref(vm, d);
                return Err(value_error(
                    "the first two maketrans arguments must have equal length",
                ));
            }
            for (c1, c2) in x.chars().zip(y.chars()) {
                let k = heap.int(c1 as i64);
                let v = heap.int(c2 as i64);
                vm.dict_setitem(heap, d, k, v)?;
            }
            if let Some(z) = a.get(2) {
                for c in text(heap, z).chars() {
                    let k = heap.int(c as i64);
                    let v = heap.none();
                    vm.dict_setitem(heap, d, k, v)?;
                }
            }
        }
        _ => return Err(type_error("maketrans() takes at least 1 argument")),
    }
    Ok(d)
}

fn s_translate(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let t = text(heap, a.this());
    let table = a.pos[0];
    let mut out = String::new();
    for c in t.chars() {
        let k = heap.int(c as i64);
        let r = vm.getitem(heap, table, k);
        heap.decref(vm, k);
        match r {
            Ok(v) => {
                match heap.kind(v) {
                    Kind::None => {}
                    Kind::Str(s) => out.push_str(s),
                    Kind::Int(IntVal::Small(n)) => {
                        out.push(char::from_u32(*n as u32).unwrap_or('?'))
                    }
                    _ => {}
                }
                heap.decref(vm, v);
            }
            Err(e) if vm.err_matches(heap, &e, T::LookupError) => {
                vm.discard(heap, e);
                out.push(c);
            }
            Err(e) => return Err(e),
        }
    }
    new_str(heap, &out)
}

/// `str` methods.
pub(crate) const DEFS: &[Def] = &[
    method(T::Str, "upper", s_upper),
    method(T::Str, "lower", s_lower),
    method(T::Str, "casefold", s_casefold),
    method(T::Str, "swapcase", s_swapcase),
    method(T::Str, "title", s_title),
    method(T::Str, "capitalize", s_capitalize),
    method(T::Str, "strip", s_strip),
    method(T::Str, "lstrip", s_lstrip),
    method(T::Str, "rstrip", s_rstrip),
    method(T::Str, "split", s_split),
    method(T::Str, "rsplit", s_rsplit),
    method(T::Str, "splitlines", s_splitlines),
    method(T::Str, "join", s_join),
    method(T::Str, "replace", s_replace),
    method(T::Str, "startswith", s_startswith),
    method(T::Str, "endswith", s_endswith),
    method(T::Str, "find", s_find),
    method(T::Str, "rfind", s_rfind),
    method(T::Str, "index", s_index),
    method(T::Str, "rindex", s_rindex),
    method(T::Str, "count", s_count),
    method(T::Str, "isdigit", s_isdigit),
    method(T::Str, "isdecimal", s_isdecimal),
    method(T::Str, "isnumeric", s_isnumeric),
    method(T::Str, "isalpha", s_isalpha),
    method(T::Str, "isalnum", s_isalnum),
    method(T::Str, "isspace", s_isspace),
    method(T::Str, "isupper", s_isupper),
    method(T::Str, "islower", s_islower),
    method(T::Str, "istitle", s_istitle),
    method(T::Str, "isidentifier", s_isidentifier),
    method(T::Str, "isprintable", s_isprintable),
    method(T::Str, "isascii", s_isascii),
    method(T::Str, "center", s_center),
    method(T::Str, "ljust", s_ljust),
    method(T::Str, "rjust", s_rjust),
    method(T::Str, "zfill", s_zfill),
    method(T::Str, "partition", s_partition),
    method(T::Str, "rpartition", s_rpartition),
    method(T::Str, "format", s_format),
    method(T::Str, "format_map", s_format_map),
    method(T::Str, "encode", s_encode),
    method(T::Str, "expandtabs", s_expandtabs),
    method(T::Str, "removeprefix", s_removeprefix),
    method(T::Str, "removesuffix", s_removesuffix),
    staticmethod(T::Str, "maketrans", s_maketrans),
    method(T::Str, "translate", s_translate),
];
