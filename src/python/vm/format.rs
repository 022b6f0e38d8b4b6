//! Text of values: `repr()` and `str()` of every object as CPython prints it (user
//! `__repr__`/`__str__` included, recursive containers as `[...]`), the format-spec
//! mini-language (`format()`, f-strings, `str.format`), and `%`-formatting.

use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{Signed as _, ToPrimitive as _};

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind};
use crate::python::repr::{bytes_repr, float_repr, str_repr};

use super::builtins::T;
use super::exception::{err, type_error, value_error, R};
use super::Vm;
use crate::python::compiler::code::Conversion;

/// A parsed format spec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Debug, Default, Clone)]
pub(crate) struct Spec {
    pub(crate) fill: Option<char>,
    pub(crate) align: Option<char>,
    pub(crate) sign: Option<char>,
    pub(crate) alternate: bool,
    pub(crate) zero: bool,
    pub(crate) width: usize,
    pub(crate) grouping: Option<char>,
    pub(crate) precision: Option<usize>,
    pub(crate) ty: Option<char>,
}

/// Parses a format spec (`ValueError` when malformed).
pub(crate) fn parse_spec(spec: &str) -> R<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut f = Spec::default();
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
    if chars.get(i) == Some(&'z') {
        i += 1;
    }
    if chars.get(i) == Some(&'#') {
        f.alternate = true;
        i += 1;
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
        f.width = chars[start..i]
            .iter()
            .collect::<String>()
            .parse()
            .map_err(|_| value_error("Too many decimal digits in format string"))?;
    }
    if let Some(&c) = chars.get(i) {
        if c == ',' || c == '_' {
            f.grouping = Some(c);
            i += 1;
        }
    }
    if chars.get(i) == Some(&'.') {
        i += 1;
        let s = i;
        while chars.get(i).is_some_and(char::is_ascii_digit) {
            i += 1;
        }
        if i == s {
            return Err(value_error("Format specifier missing precision"));
        }
        f.precision = Some(
            chars[s..i]
                .iter()
                .collect::<String>()
                .parse()
                .map_err(|_| value_error("Too many decimal digits in format string"))?,
        );
    }
    if let Some(&c) = chars.get(i) {
        f.ty = Some(c);
        i += 1;
    }
    if i != chars.len() {
        return Err(value_error("Invalid format specifier"));
    }
    Ok(f)
}

/// Pads `body` to the spec's width (`default_align` when it names none); numbers pad after
/// the sign with `=`.
pub(crate) fn pad(body: &str, spec: &Spec, default_align: char) -> String {
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
            let mut prefix_len = 0;
            let bytes: Vec<char> = body.chars().collect();
            if matches!(bytes.first(), Some('-' | '+' | ' ')) {
                prefix_len = 1;
            }
            if bytes.len() >= prefix_len + 2
                && bytes[prefix_len] == '0'
                && matches!(bytes[prefix_len + 1], 'x' | 'X' | 'o' | 'b')
            {
                prefix_len += 2;
            }
            let prefix: String = bytes[..prefix_len].iter().collect();
            let rest: String = bytes[prefix_len..].iter().collect();
            format!("{prefix}{}{rest}", fills(n))
        }
        _ => format!("{}{body}", fills(n)),
    }
}

/// Groups the digits of an integer part by threes (or fours for b/o/x) with `sep`.
fn group(digits: &str, sep: char, every: usize) -> String {
    let n = digits.len();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A float in `%e` style with `p` digits after the point, CPython's exponent of at least two
/// digits.
pub(crate) fn format_exp(v: f64, p: usize, upper: bool) -> String {
    let s = format!("{v:.p$e}");
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let out = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    if upper {
        out.to_uppercase()
    } else {
        out
    }
}

/// A float in `%g` style with `p` significant digits (`alternate` keeps trailing zeros).
pub(crate) fn format_general(v: f64, p: usize, upper: bool, alternate: bool) -> String {
    if v.is_nan() || v.is_infinite() {
        return special_float(v, upper);
    }
    let p = p.max(1);
    if v == 0.0 {
        let mut s = if v.is_sign_negative() {
            "-0".to_string()
        } else {
            "0".to_string()
        };
        if alternate && p > 1 {
            s.push('.');
            s.push_str(&"0".repeat(p - 1));
        }
        return s;
    }
    // The exponent after rounding to p significant digits.
    let sci = format!("{:.*e}", p - 1, v);
    let exp: i32 = sci
        .split_once('e')
        .map_or(0, |(_, e)| e.parse().unwrap_or(0));
    let mut s = if exp < -4 || exp >= p as i32 {
        let s = format_exp(v, p - 1, upper);
        if alternate {
            s
        } else {
            let (m, e) = s
                .split_once(if upper { 'E' } else { 'e' })
                .unwrap_or((&s, ""));
            let m = if m.contains('.') {
                m.trim_end_matches('0').trim_end_matches('.')
            } else {
                m
            };
            format!("{m}{}{e}", if upper { 'E' } else { 'e' })
        }
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let s = format!("{v:.decimals$}");
        if alternate {
            if s.contains('.') {
                s
            } else {
                format!("{s}.")
            }
        } else if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if upper {
        s = s.to_uppercase();
    }
    s
}

fn special_float(v: f64, upper: bool) -> String {
    let s = if v.is_nan() {
        "nan"
    } else if v > 0.0 {
        "inf"
    } else {
        "-inf"
    };
    if upper {
        s.to_uppercase()
    } else {
        s.to_string()
    }
}

/// `repr(complex)` (and `str`): parts in repr style without `.0`.
pub(crate) fn complex_repr(re: f64, im: f64) -> String {
    let part = |v: f64| {
        let s = float_repr(v);
        s.strip_suffix(".0").map_or(s.clone(), str::to_string)
    };
    if re == 0.0 && re.is_sign_positive() {
        format!("{}j", part(im))
    } else {
        let sign = if im < 0.0
            || (im == 0.0 && im.is_sign_negative())
            || (im.is_nan() && im.is_sign_negative())
        {
            "-"
        } else {
            "+"
        };
        format!("({}{}{}j)", part(re), sign, part(im.abs()))
    }
}

impl Vm {
    /// `repr(obj)`.
    pub(crate) fn repr_of(&mut self, heap: &mut Heap, obj: ObjId) -> R<Rc<str>> {
        if self.repr_depth > 800 {
            return Err(err(
                T::RecursionError,
                "maximum recursion depth exceeded while getting the repr of an object",
            ));
        }
        self.repr_depth += 1;
        let r = self.repr_inner(heap, obj);
        self.repr_depth -= 1;
        r
    }

    fn repr_inner(&mut self, heap: &mut Heap, obj: ObjId) -> R<Rc<str>> {
        // An instance of a tuple subclass with its own `__repr__` (a namedtuple).
        if let Some(class) = heap.subtype_class(obj) {
            if let Some(f) = self.user_method(heap, class, "__repr__") {
                return self.call_text_method(heap, f, obj, "__repr__");
            }
        }
        let addr = heap.get(obj).addr;
        let s: String = match heap.kind(obj) {
            Kind::None => "None".into(),
            Kind::Bool(b) => if *b { "True" } else { "False" }.into(),
            Kind::Ellipsis => "Ellipsis".into(),
            Kind::NotImplemented => "NotImplemented".into(),
            Kind::Int(i) => {
                let i = i.clone();
                self.int_to_str(&i)?
            }
            Kind::Float(f) => float_repr(*f),
            Kind::Complex(re, im) => complex_repr(*re, *im),
            Kind::Str(s) => str_repr(s),
            Kind::Bytes(b) => bytes_repr(b),
            Kind::ByteArray(b, _) => format!("bytearray({})", bytes_repr(b)),
            Kind::List(..) | Kind::Tuple(_) | Kind::Dict(_) | Kind::PySet(_) => {
                return self.container_repr(heap, obj)
            }
            Kind::Range(a, b, s) => {
                if *s == 1 {
                    format!("range({a}, {b})")
                } else {
                    format!("range({a}, {b}, {s})")
                }
            }
            Kind::Instance(_) | Kind::Exception(_) => return self.user_repr(heap, obj),
            Kind::Class(_) => {
                let meta = self.type_of(heap, obj);
                if meta != self.types.get(T::Type) {
                    if let Some(f) = self.user_method(heap, meta, "__repr__") {
                        return self.call_text_method(heap, f, obj, "__repr__");
                    }
                }
                let m = self
                    .class_module(heap, obj)
                    .unwrap_or_else(|| "__main__".into());
                let q = self.class_qualname(heap, obj);
                if m == "builtins" {
                    format!("<class '{q}'>")
                } else {
                    format!("<class '{m}.{q}'>")
                }
            }
            Kind::Type(t) => {
                let t = T::from_index(*t);
                match t.module() {
                    Some(m) => format!("<class '{m}.{}'>", t.name()),
                    None => format!("<class '{}'>", t.name()),
                }
            }
            Kind::Function(f) => format!("<function {} at {addr:#x}>", f.qualname),
            Kind::Method(func, this) => {
                let (func, this) = (*func, *this);
                let q = match heap.kind(func) {
                    Kind::Function(f) => f.qualname.to_string(),
                    _ => "?".into(),
                };
                let inner = self.repr_of(heap, this)?;
                format!("<bound method {q} of {inner}>")
            }
            Kind::BuiltinFn(f, bound) => {
                let (f, bound) = (*f, *bound);
                let name = self.builtin_name(f);
                match bound {
                    None if self.builtin_is_method_descriptor(f) => {
                        let owner = self.builtin_owner(f).map_or("object", T::name);
                        format!("<method '{name}' of '{owner}' objects>")
                    }
                    None => format!("<built-in function {name}>"),
                    Some(b) if matches!(heap.kind(b), Kind::Module(..)) => {
                        format!("<built-in function {name}>")
                    }
                    Some(b) => {
                        let t = self.type_name(heap, b);
                        let a = heap.get(b).addr;
                        if matches!(heap.kind(b), Kind::Class(_) | Kind::Type(_)) {
                            let cname = self.class_name(heap, b);
                            format!("<built-in method {name} of type object at {a:#x}>")
                                .replace("type object", &format!("type object '{cname}'"))
                                .replace(&format!(" '{cname}' at"), " at")
                        } else {
                            format!("<built-in method {name} of {t} object at {a:#x}>")
                        }
                    }
                }
            }
            Kind::Module(name, _) => format!("<module '{name}' (built-in)>"),
            // `proxy_repr`: up to 3.13 the referent's type name unquoted (and `NoneType` once
            // dead); from 3.14 as a reference's.
            Kind::WeakRef(target, _, ty) if *ty != T::WeakRef as u16 => {
                let target = *target;
                match (target, self.minor >= 14) {
                    (Some(t), true) => {
                        let tn = self.type_name(heap, t);
                        let ta = heap.get(t).addr;
                        format!("<weakproxy at {addr:#x}; to '{tn}' at {ta:#x}>")
                    }
                    (None, true) => format!("<weakproxy at {addr:#x}; dead>"),
                    (Some(t), false) => {
                        let tn = self.type_name(heap, t);
                        let ta = heap.get(t).addr;
                        format!("<weakproxy at {addr:#x} to {tn} at {ta:#x}>")
                    }
                    (None, false) => {
                        let none = heap.statics.none;
                        let ta = heap.get(none).addr;
                        format!("<weakproxy at {addr:#x} to NoneType at {ta:#x}>")
                    }
                }
            }
            Kind::WeakRef(target, ..) => match target {
                Some(t) => {
                    let t = *t;
                    let tn = self.type_name(heap, t);
                    let ta = heap.get(t).addr;
                    format!("<weakref at {addr:#x}; to '{tn}' at {ta:#x}>")
                }
                None => format!("<weakref at {addr:#x}; dead>"),
            },
            Kind::Cell(c) => match c {
                Some(v) => {
                    let v = *v;
                    let tn = self.type_name(heap, v);
                    let va = heap.get(v).addr;
                    format!("<cell at {addr:#x}: {tn} object at {va:#x}>")
                }
                None => format!("<cell at {addr:#x}: empty>"),
            },
            Kind::Generator(g) => format!("<generator object {} at {addr:#x}>", g.qualname),
            Kind::DictView(d, k) => {
                let (d, k) = (*d, *k);
                let name = ["dict_keys", "dict_values", "dict_items"][k.min(2) as usize];
                let items = self.dict_view_items(heap, d, k);
                let mut parts = Vec::new();
                for it in &items {
                    parts.push(self.repr_of(heap, *it)?.to_string());
                }
                for it in items {
                    heap.decref(self, it);
                }
                format!("{name}([{}])", parts.join(", "))
            }
            Kind::Native(_) => return self.native_repr(heap, obj),
            Kind::Traceback(..) => format!("<traceback object at {addr:#x}>"),
            Kind::FrameObj(f) => {
                let code = self.codes.get(f.code as usize).cloned();
                let line = f.lineno;
                match code {
                    Some(c) => format!(
                        "<frame at {addr:#x}, file '{}', line {line}, code {}>",
                        c.source.path, c.name
                    ),
                    None => format!("<frame at {addr:#x}>"),
                }
            }
            Kind::Object => format!("<object object at {addr:#x}>"),
            Kind::Descriptor(owner, member) => {
                let (owner, member) = (*owner, *member);
                let name = self.descriptor_attr_name(heap, obj, owner);
                let cname = self.class_name(heap, owner);
                if member {
                    format!("<member '{name}' of '{cname}' objects>")
                } else {
                    format!("<attribute '{name}' of '{cname}' objects>")
                }
            }
            _ => {
                let t = self.type_name(heap, obj);
                format!("<{t} object at {addr:#x}>")
            }
        };
        Ok(Rc::from(s))
    }

    fn descriptor_attr_name(&self, heap: &Heap, d: ObjId, owner: ObjId) -> String {
        if let Kind::Class(c) = heap.kind(owner) {
            if let Kind::Dict(dd) = heap.kind(c.dict) {
                for (k, v) in dd.iter() {
                    if v == d {
                        if let Kind::Str(s) = heap.kind(k) {
                            return s.to_string();
                        }
                    }
                }
            }
        }
        "__dict__".into()
    }

    /// The str of a `__repr__`/`__str__` result, or CPython's error.
    fn expect_str(&mut self, heap: &mut Heap, v: ObjId, what: &str) -> R<Rc<str>> {
        match heap.kind(v) {
            Kind::Str(s) => Ok(s.clone()),
            _ => {
                let t = self.type_name(heap, v);
                Err(type_error(format!("{what} returned non-string (type {t})")))
            }
        }
    }

    /// The repr of an instance: its class's `__repr__`, or `<module.Class object at 0x...>`.
    /// Calls a user `__repr__` or `__str__` (`what`) on `obj`: its str result.
    fn call_text_method(
        &mut self,
        heap: &mut Heap,
        f: ObjId,
        obj: ObjId,
        what: &str,
    ) -> R<Rc<str>> {
        heap.incref(f);
        let r = self.call_method_with(heap, f, obj, &[]);
        heap.decref(self, f);
        let v = r?;
        let s = self.expect_str(heap, v, what);
        heap.decref(self, v);
        s
    }

    fn user_repr(&mut self, heap: &mut Heap, obj: ObjId) -> R<Rc<str>> {
        let class = self.type_of(heap, obj);
        if let Some(f) = self.user_method(heap, class, "__repr__") {
            return self.call_text_method(heap, f, obj, "__repr__");
        }
        if let Kind::Exception(_) = heap.kind(obj) {
            return self.exception_repr(heap, obj);
        }
        let m = self
            .class_module(heap, class)
            .unwrap_or_else(|| "__main__".into());
        let q = self.class_qualname(heap, class);
        let addr = heap.get(obj).addr;
        Ok(Rc::from(format!("<{m}.{q} object at {addr:#x}>")))
    }

    /// `repr(exception)`: `ValueError('x')`, `KeyError('k', 1)`, `MyError()`.
    fn exception_repr(&mut self, heap: &mut Heap, obj: ObjId) -> R<Rc<str>> {
        let class = self.type_of(heap, obj);
        let name = self.class_name(heap, class);
        let args = match heap.kind(obj) {
            Kind::Exception(e) => e.args,
            _ => return Ok(Rc::from(name)),
        };
        let items: Vec<ObjId> = match heap.kind(args) {
            Kind::Tuple(items) => items.clone(),
            _ => Vec::new(),
        };
        if items.len() == 1 {
            let a = self.repr_of(heap, items[0])?;
            return Ok(Rc::from(format!("{name}({a})")));
        }
        let a = self.repr_of(heap, args)?;
        if items.is_empty() {
            return Ok(Rc::from(format!("{name}()")));
        }
        Ok(Rc::from(format!("{name}{a}")))
    }

    /// `repr` of a list, tuple, dict or set, `...` for one inside itself.
    fn container_repr(&mut self, heap: &mut Heap, obj: ObjId) -> R<Rc<str>> {
        if self.repr_stack.contains(&obj) {
            let s = match heap.kind(obj) {
                Kind::List(..) => "[...]",
                Kind::Tuple(_) => "(...)",
                // (`odict_repr`: a bare `...` for an OrderedDict inside itself.)
                Kind::Dict(d) if T::of_dict(d.subtype) == T::OrderedDict => "...",
                Kind::Dict(_) => "{...}",
                _ => "...",
            };
            return Ok(Rc::from(s));
        }
        // `list_repr` and `tuplerepr` return early for an empty container; `dict_repr` and
        // `set_repr` enter first (`set()` too).
        let enters = match heap.kind(obj) {
            Kind::List(items, ..) | Kind::Tuple(items) => !items.is_empty(),
            Kind::Dict(d) if T::of_dict(d.subtype) == T::OrderedDict => d.iter().next().is_some(),
            Kind::Dict(_) | Kind::PySet(_) => true,
            k => !k.refs().is_empty(),
        };
        self.repr_stack.push(obj);
        heap.incref(obj);
        if enters {
            self.repr_enter(heap, obj);
        }
        let r = self.container_repr_inner(heap, obj);
        if enters {
            self.repr_leave(heap, obj);
        }
        heap.decref(self, obj);
        self.repr_stack.pop();
        r
    }

    /// `Py_ReprEnter` of an object not already being repr'd: the thread state's dict and its
    /// `"Py_Repr"` list are made on the process's first call, and the object is appended to
    /// the list (growing its item array) while its repr is computed.
    pub(crate) fn repr_enter(&mut self, heap: &mut Heap, obj: ObjId) {
        let list = match self.py_repr {
            Some((_, list)) => list,
            None => {
                let dict = heap.dict(self);
                let list = self.new_list(heap, Vec::new());
                let key = self.intern(heap, "Py_Repr");
                heap.incref(list);
                if self.dict_setitem(heap, dict, key, list).is_err() {
                    heap.decref(self, list);
                }
                heap.decref(self, list);
                self.py_repr = Some((dict, list));
                // The interpreter's, not the program's: the graph leaves them out.
                self.interpreter_objs.extend([dict.0, list.0, key.0]);
                list
            }
        };
        heap.incref(obj);
        heap.list_append(list, obj);
    }

    /// `Py_ReprLeave`: the object leaves the `"Py_Repr"` list (`PyList_SetSlice`; the last one
    /// out frees the item array, as `_list_clear` does).
    pub(crate) fn repr_leave(&mut self, heap: &mut Heap, obj: ObjId) {
        let Some((_, list)) = self.py_repr else {
            return;
        };
        let (removed, empty, buffer) = match &mut heap.get_mut(list).kind {
            Kind::List(items, _, buffer) => match items.iter().rposition(|&o| o == obj) {
                Some(i) => {
                    items.remove(i);
                    (true, items.is_empty(), *buffer)
                }
                None => (false, false, None),
            },
            _ => (false, false, None),
        };
        if !removed {
            return;
        }
        if empty {
            heap.set_list_capacity(list, 0, buffer);
        } else {
            let n = heap.list_len(list);
            heap.list_resize(list, n);
        }
        heap.decref(self, obj);
    }

    fn container_repr_inner(&mut self, heap: &mut Heap, obj: ObjId) -> R<Rc<str>> {
        let s = match heap.kind(obj) {
            Kind::List(items, ..) => {
                let items = items.clone();
                let parts = self.reprs(heap, &items)?;
                format!("[{}]", parts.join(", "))
            }
            Kind::Tuple(items) => {
                let items = items.clone();
                let parts = self.reprs(heap, &items)?;
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            Kind::Dict(d) => {
                let sub = d.subtype;
                let pairs: Vec<(ObjId, ObjId)> = d.iter().collect();
                let factory = d.default_factory;
                let mut parts = Vec::with_capacity(pairs.len());
                for (k, v) in &pairs {
                    heap.incref(*k);
                    heap.incref(*v);
                }
                let mut result = Ok(());
                for (k, v) in &pairs {
                    if result.is_ok() {
                        match (self.repr_of(heap, *k), self.repr_of(heap, *v)) {
                            (Ok(ks), Ok(vs)) => parts.push(format!("{ks}: {vs}")),
                            (Err(e), _) | (_, Err(e)) => result = Err(e),
                        }
                    }
                }
                for (k, v) in pairs {
                    heap.decref(self, k);
                    heap.decref(self, v);
                }
                result?;
                let body = format!("{{{}}}", parts.join(", "));
                match T::from_index(sub) {
                    T::DefaultDict => {
                        let f = match factory {
                            Some(f) => self.repr_of(heap, f)?.to_string(),
                            None => "None".into(),
                        };
                        format!("defaultdict({f}, {body})")
                    }
                    T::OrderedDict => {
                        if parts.is_empty() {
                            "OrderedDict()".into()
                        } else if self.minor >= 12 {
                            format!("OrderedDict({body})")
                        } else {
                            let items = self.ordered_dict_items_repr(heap, obj)?;
                            format!("OrderedDict({items})")
                        }
                    }
                    T::Counter => return self.counter_repr(heap, obj),
                    _ => body,
                }
            }
            Kind::PySet(s) => {
                let frozen = s.frozen;
                let items: Vec<ObjId> = s.keys().collect();
                if items.is_empty() {
                    return Ok(Rc::from(if frozen { "frozenset()" } else { "set()" }));
                }
                // `set_repr`: the keys go into a list (`PySequence_List`), whose repr, brackets
                // taken off, is the body.
                let keys = self.new_list(heap, Vec::new());
                if let Err(e) = self.list_extend(heap, keys, obj) {
                    heap.decref(self, keys);
                    return Err(e);
                }
                let r = self.repr_of(heap, keys);
                heap.decref(self, keys);
                let list_repr = r?;
                let body = list_repr
                    .strip_prefix('[')
                    .and_then(|b| b.strip_suffix(']'))
                    .unwrap_or(&list_repr);
                if frozen {
                    format!("frozenset({{{body}}})")
                } else {
                    format!("{{{body}}}")
                }
            }
            _ => String::new(),
        };
        Ok(Rc::from(s))
    }

    /// The reprs of items (kept alive while their reprs run).
    pub(crate) fn reprs(&mut self, heap: &mut Heap, items: &[ObjId]) -> R<Vec<String>> {
        for &i in items {
            heap.incref(i);
        }
        let mut out = Vec::with_capacity(items.len());
        let mut result = Ok(());
        for &i in items {
            if result.is_err() {
                break;
            }
            match self.repr_of(heap, i) {
                Ok(s) => out.push(s.to_string()),
                Err(e) => result = Err(e),
            }
        }
        for &i in items {
            heap.decref(self, i);
        }
        result.map(|()| out)
    }

    /// `str(obj)`.
    pub(crate) fn str_of(&mut self, heap: &mut Heap, obj: ObjId) -> R<Rc<str>> {
        match heap.kind(obj) {
            Kind::Str(s) => Ok(s.clone()),
            Kind::Int(i) => {
                let i = i.clone();
                Ok(Rc::from(self.int_to_str(&i)?))
            }
            Kind::Float(f) => Ok(Rc::from(float_repr(*f))),
            Kind::Instance(_) | Kind::Exception(_) => {
                let class = self.type_of(heap, obj);
                if let Some(f) = self.user_method(heap, class, "__str__") {
                    return self.call_text_method(heap, f, obj, "__str__");
                }
                if let Kind::Exception(_) = heap.kind(obj) {
                    if self.user_method(heap, class, "__repr__").is_none()
                        || self.solid_base(heap, class).is_exception()
                    {
                        return self.exception_str(heap, obj);
                    }
                }
                self.repr_of(heap, obj)
            }
            // A proxy's str is its referent's.
            Kind::WeakRef(_, _, ty) if *ty != T::WeakRef as u16 => {
                let t = super::stdlib::weakref::proxy_target(heap, obj)?;
                heap.incref(t);
                let r = self.str_of(heap, t);
                heap.decref(self, t);
                r
            }
            _ => self.repr_of(heap, obj),
        }
    }

    /// `str(exception)`: the single argument's str, the args tuple, or a `KeyError`'s repr.
    fn exception_str(&mut self, heap: &mut Heap, obj: ObjId) -> R<Rc<str>> {
        let Kind::Exception(e) = heap.kind(obj) else {
            return Ok(Rc::from(""));
        };
        let args = e.args;
        let items: Vec<ObjId> = match heap.kind(args) {
            Kind::Tuple(items) => items.clone(),
            _ => Vec::new(),
        };
        let base = {
            let class = self.type_of(heap, obj);
            self.solid_base(heap, class)
        };
        match items.len() {
            0 => Ok(Rc::from("")),
            1 if base == T::KeyError => self.repr_of(heap, items[0]),
            1 => self.str_of(heap, items[0]),
            _ => self.repr_of(heap, args),
        }
    }

    /// An int in decimal, within 3.11+'s limit on digits.
    pub(crate) fn int_to_str(&self, i: &IntVal) -> R<String> {
        match i {
            IntVal::Small(v) => Ok(v.to_string()),
            IntVal::Big(b) => {
                if self.minor >= 11 && self.int_max_str_digits > 0 {
                    // A cheap bound before converting: 10^(limit) has more bits than this.
                    let bits = b.bits();
                    if bits as f64 * std::f64::consts::LOG10_2
                        > self.int_max_str_digits as f64 + 1.0
                    {
                        return Err(value_error(format!(
                            "Exceeds the limit ({}) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
                            self.int_max_str_digits
                        )));
                    }
                    let s = b.to_string();
                    let digits = s.trim_start_matches('-').len();
                    if digits > self.int_max_str_digits {
                        return Err(value_error(format!(
                            "Exceeds the limit ({}) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
                            self.int_max_str_digits
                        )));
                    }
                    return Ok(s);
                }
                Ok(b.to_string())
            }
        }
    }

    // ----------------------------------------------------------------------------------------
    // Formatting

    /// `FORMAT_VALUE`: an f-string part (a new str reference).
    pub(crate) fn format_value(
        &mut self,
        heap: &mut Heap,
        v: ObjId,
        conv: Conversion,
        spec: Option<ObjId>,
    ) -> R<ObjId> {
        let converted: Option<ObjId> = match conv {
            Conversion::None => None,
            Conversion::Str => {
                let s = self.str_of(heap, v)?;
                Some(self.text_of(heap, v, &s))
            }
            Conversion::Repr => {
                let s = self.repr_of(heap, v)?;
                Some(self.text_of(heap, v, &s))
            }
            Conversion::Ascii => {
                let s = self.repr_of(heap, v)?;
                Some(heap.str(&ascii_escape(&s)))
            }
        };
        let target = converted.unwrap_or(v);
        let spec_text = match spec {
            Some(s) => self.str_value(heap, s),
            None => Rc::from(""),
        };
        if spec_text.is_empty() {
            if let Kind::Str(_) = heap.kind(target) {
                heap.incref(target);
                if let Some(c) = converted {
                    heap.decref(self, c);
                }
                return Ok(target);
            }
            // `PyObject_Format` of an exact int with no spec is `str()` of it.
            if let Kind::Int(i) = heap.kind(target) {
                let text = self.int_to_str(&i.clone())?;
                return Ok(heap.str_new(&text));
            }
        }
        // `PyObject_Format` looks `__format__` up on the type and calls it bound: a method
        // object for a class's own `__format__`, else a builtin method.
        let bound = match heap.kind(target) {
            Kind::Instance(_) | Kind::Exception(_) => {
                let class = self.type_of(heap, target);
                match self.user_method(heap, class, "__format__") {
                    Some(f) if matches!(heap.kind(f), Kind::Function(_)) => {
                        self.new_method(heap, f, target)
                    }
                    _ => self.transient_cmethod(heap, target),
                }
            }
            _ => self.transient_cmethod(heap, target),
        };
        let r = self.format(heap, target, &spec_text);
        heap.decref(self, bound);
        if let Some(c) = converted {
            heap.decref(self, c);
        }
        let s = r?;
        Ok(heap.str(&s))
    }

    /// The str object `str()` or `repr()` of `obj` returns, whose text is `text`: a new one for
    /// an int (even of one digit: `long_to_decimal_string` never returns the latin-1
    /// singletons), else the shared one-character strings as usual.
    pub(crate) fn text_of(&mut self, heap: &mut Heap, obj: ObjId, text: &str) -> ObjId {
        if let Kind::Int(_) = heap.kind(obj) {
            heap.str_new(text)
        } else {
            heap.str(text)
        }
    }

    /// `format(obj, spec)`.
    pub(crate) fn format(&mut self, heap: &mut Heap, obj: ObjId, spec: &str) -> R<String> {
        match heap.kind(obj) {
            Kind::Int(i) => {
                let i = i.clone();
                self.format_int(&i.to_big(), spec)
            }
            Kind::Bool(b) => {
                if spec.is_empty() {
                    return Ok(if *b { "True" } else { "False" }.into());
                }
                let v = BigInt::from(u8::from(*b));
                self.format_int(&v, spec)
            }
            Kind::Float(f) => format_float(*f, spec),
            Kind::Complex(re, im) => {
                if spec.is_empty() {
                    Ok(complex_repr(*re, *im))
                } else {
                    let s = parse_spec(spec)?;
                    Ok(pad(&complex_repr(*re, *im), &s, '>'))
                }
            }
            Kind::Str(s) => {
                let s = s.clone();
                format_str(&s, spec)
            }
            Kind::Instance(_) | Kind::Exception(_) => {
                let class = self.type_of(heap, obj);
                if let Some(f) = self.user_method(heap, class, "__format__") {
                    heap.incref(f);
                    let sp = heap.str(spec);
                    let r = self.call_method_with(heap, f, obj, &[sp]);
                    heap.decref(self, sp);
                    heap.decref(self, f);
                    let v = r?;
                    let s = self.expect_str(heap, v, "__format__");
                    heap.decref(self, v);
                    return s.map(|s| s.to_string());
                }
                if !spec.is_empty() {
                    let t = self.type_name(heap, obj);
                    return Err(type_error(format!(
                        "unsupported format string passed to {t}.__format__"
                    )));
                }
                Ok(self.str_of(heap, obj)?.to_string())
            }
            _ => {
                let s = self.str_of(heap, obj)?;
                if spec.is_empty() {
                    return Ok(s.to_string());
                }
                let t = self.type_name(heap, obj);
                if matches!(
                    heap.kind(obj),
                    Kind::None | Kind::List(..) | Kind::Tuple(_) | Kind::Dict(_)
                ) {
                    return Err(type_error(format!(
                        "unsupported format string passed to {t}.__format__"
                    )));
                }
                format_str(&s, spec)
            }
        }
    }

    fn format_int(&self, v: &BigInt, spec: &str) -> R<String> {
        if spec.is_empty() {
            return self.int_to_str(&IntVal::from_big(v.clone()));
        }
        let s = parse_spec(spec)?;
        let ty = s.ty.unwrap_or('d');
        if matches!(ty, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') {
            let f = v.to_f64().unwrap_or(f64::INFINITY);
            return format_float(f, spec);
        }
        if s.precision.is_some() {
            return Err(value_error(
                "Precision not allowed in integer format specifier",
            ));
        }
        let neg = v.is_negative();
        let mag = v.abs();
        let (digits, prefix) = match ty {
            'd' | 'n' => (mag.to_string(), ""),
            'b' => (mag.to_str_radix(2), "0b"),
            'o' => (mag.to_str_radix(8), "0o"),
            'x' => (mag.to_str_radix(16), "0x"),
            'X' => (mag.to_str_radix(16).to_uppercase(), "0X"),
            'c' => {
                let c = v
                    .to_u32()
                    .and_then(char::from_u32)
                    .ok_or_else(|| err(T::OverflowError, "%c arg not in range(0x110000)"))?;
                return Ok(pad(&c.to_string(), &s, '<'));
            }
            other => {
                return Err(value_error(format!(
                    "Unknown format code '{other}' for object of type 'int'"
                )))
            }
        };
        let digits = match s.grouping {
            Some(sep) => group(&digits, sep, if ty == 'd' || ty == 'n' { 3 } else { 4 }),
            None => digits,
        };
        let sign = if neg {
            "-"
        } else {
            match s.sign {
                Some('+') => "+",
                Some(' ') => " ",
                _ => "",
            }
        };
        let body = format!("{sign}{}{digits}", if s.alternate { prefix } else { "" });
        if s.zero && s.grouping.is_some() && s.width > body.chars().count() && s.align.is_none() {
            // Zero padding continues the grouping.
            let mut d = digits.replace(s.grouping.unwrap_or(','), "");
            let pre_len = sign.len() + if s.alternate { prefix.len() } else { 0 };
            loop {
                let g = group(&d, s.grouping.unwrap_or(','), 3);
                if pre_len + g.chars().count() >= s.width {
                    return Ok(format!(
                        "{sign}{}{g}",
                        if s.alternate { prefix } else { "" }
                    ));
                }
                d.insert(0, '0');
            }
        }
        Ok(pad(&body, &s, '>'))
    }

    // ----------------------------------------------------------------------------------------
    // Generators' and the rest's reprs
}

/// `format(float, spec)`.
pub(crate) fn format_float(v: f64, spec: &str) -> R<String> {
    if spec.is_empty() {
        return Ok(float_repr(v));
    }
    let s = parse_spec(spec)?;
    let neg = v.is_sign_negative() && !v.is_nan();
    let a = v.abs();
    let body = match s.ty {
        Some(c @ ('f' | 'F')) => {
            if a.is_finite() {
                format!("{a:.*}", s.precision.unwrap_or(6))
            } else {
                special_float(a, c == 'F')
            }
        }
        Some(c @ ('e' | 'E')) => {
            if a.is_finite() {
                format_exp(a, s.precision.unwrap_or(6), c == 'E')
            } else {
                special_float(a, c == 'E')
            }
        }
        Some(c @ ('g' | 'G')) => format_general(a, s.precision.unwrap_or(6), c == 'G', s.alternate),
        Some('n') => format_general(a, s.precision.unwrap_or(6), false, s.alternate),
        Some('%') => {
            if a.is_finite() {
                format!("{:.*}%", s.precision.unwrap_or(6), a * 100.0)
            } else {
                format!("{}%", special_float(a, false))
            }
        }
        None => match s.precision {
            // Like 'g' but at least one digit after the point in fixed notation.
            Some(p) => {
                let g = format_general(a, p, false, false);
                if g.contains('e') || g.contains('.') || !a.is_finite() {
                    g
                } else {
                    format!("{g}.0")
                }
            }
            None => float_repr(a),
        },
        Some(other) => {
            return Err(value_error(format!(
                "Unknown format code '{other}' for object of type 'float'"
            )))
        }
    };
    let body = match s.grouping {
        Some(sep) => {
            let (int, frac) = body
                .split_once('.')
                .map_or((body.as_str(), None), |(a, b)| (a, Some(b)));
            let g = group(int, sep, 3);
            match frac {
                Some(f) => format!("{g}.{f}"),
                None => g,
            }
        }
        None => body,
    };
    let sign = if neg {
        "-"
    } else {
        match s.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    };
    Ok(pad(&format!("{sign}{body}"), &s, '>'))
}

/// `format(str, spec)`.
pub(crate) fn format_str(v: &str, spec: &str) -> R<String> {
    if spec.is_empty() {
        return Ok(v.to_string());
    }
    let s = parse_spec(spec)?;
    if let Some(t) = s.ty {
        if t != 's' {
            return Err(value_error(format!(
                "Unknown format code '{t}' for object of type 'str'"
            )));
        }
    }
    if s.sign.is_some() {
        return Err(value_error("Sign not allowed in string format specifier"));
    }
    let body: String = match s.precision {
        Some(p) => v.chars().take(p).collect(),
        None => v.to_string(),
    };
    Ok(pad(&body, &s, '<'))
}

/// `ascii()` of a repr: non-ASCII characters escaped.
pub(crate) fn ascii_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n < 0x100 {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n < 0x10000 {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_format_as_python_does() {
        assert_eq!(format_float(3.14659, ".2f").ok().as_deref(), Some("3.15"));
        assert_eq!(format_float(2.675, ".2f").ok().as_deref(), Some("2.67"));
        assert_eq!(
            format_float(1234.5, ",.1f").ok().as_deref(),
            Some("1,234.5")
        );
        assert_eq!(
            format_float(0.000012345, "g").ok().as_deref(),
            Some("1.2345e-05")
        );
        assert_eq!(
            format_float(123456789.0, "g").ok().as_deref(),
            Some("1.23457e+08")
        );
        assert_eq!(format_float(0.5, ".0%").ok().as_deref(), Some("50%"));
        assert_eq!(format_float(3.0, ".3").ok().as_deref(), Some("3.0"));
        assert_eq!(format_float(-1.5, "8.2f").ok().as_deref(), Some("   -1.50"));
        assert_eq!(format_float(1.5, "e").ok().as_deref(), Some("1.500000e+00"));
    }

    #[test]
    fn strings_pad_and_truncate() {
        assert_eq!(format_str("ab", ">5").ok().as_deref(), Some("   ab"));
        assert_eq!(format_str("ab", "*^6").ok().as_deref(), Some("**ab**"));
        assert_eq!(format_str("abcdef", ".3").ok().as_deref(), Some("abc"));
    }

    #[test]
    fn complex_reprs() {
        assert_eq!(complex_repr(1.0, 2.0), "(1+2j)");
        assert_eq!(complex_repr(0.0, 1.5), "1.5j");
        assert_eq!(complex_repr(-1.0, -1.0), "(-1-1j)");
    }
}
