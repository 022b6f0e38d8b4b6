//! `float` and `complex`: arithmetic with CPython's results and errors per version (modulo
//! and floor division signs, powers of negative numbers becoming complex, overflow), exact
//! comparison between ints and floats, `float()` parsing, and their methods.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::ToPrimitive as _;

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind};

use super::super::exception::{err, type_error, value_error, R};
use super::super::Vm;
use super::int::{float_to_big, Number};
use super::{classmethod, method, Args, Def, T};
use crate::python::compiler::code::BinOp;

thread_local! {
    /// The CPython minor version of the running interpreter (error messages depend on it).
    pub(crate) static MINOR: std::cell::Cell<u8> = const { std::cell::Cell::new(11) };
}

fn minor() -> u8 {
    MINOR.with(std::cell::Cell::get)
}

fn zero_div(old: &str) -> super::super::exception::Exc {
    err(
        T::ZeroDivisionError,
        if minor() >= 14 {
            "division by zero"
        } else {
            old
        },
    )
}

/// `x op y` for floats.
pub(crate) fn float_binary(heap: &mut Heap, op: BinOp, x: f64, y: f64) -> R<ObjId> {
    let m = minor();
    let v = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::TrueDiv => {
            if y == 0.0 {
                return Err(zero_div("float division by zero"));
            }
            x / y
        }
        BinOp::FloorDiv => {
            if y == 0.0 {
                return Err(zero_div(if m >= 11 {
                    "float floor division by zero"
                } else {
                    "float divmod()"
                }));
            }
            float_divmod(x, y).0
        }
        BinOp::Mod => {
            if y == 0.0 {
                return Err(zero_div(if m >= 13 {
                    "float modulo by zero"
                } else {
                    "float modulo"
                }));
            }
            float_divmod(x, y).1
        }
        BinOp::Pow => return float_pow(heap, x, y),
        _ => {
            let sym = op.symbol();
            return Err(type_error(format!(
                "unsupported operand type(s) for {sym}: 'float' and 'float'"
            )));
        }
    };
    Ok(heap.new_plain(Kind::Float(v)))
}

/// `divmod` of floats (`float_divmod`): floor quotient and a remainder with the divisor's sign.
pub(crate) fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0_f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0_f64.copysign(vx / wx)
    };
    (floordiv, m)
}

/// `x ** y` for floats: complex for a negative base and a fractional exponent.
fn float_pow(heap: &mut Heap, x: f64, y: f64) -> R<ObjId> {
    if x == 0.0 && y < 0.0 {
        return Err(zero_div_pow());
    }
    if x < 0.0 && y != y.floor() && y.is_finite() {
        let (r, i) = complex_pow((x, 0.0), (y, 0.0))?;
        return Ok(heap.new_plain(Kind::Complex(r, i)));
    }
    let v = x.powf(y);
    if v.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(err(
            T::OverflowError,
            "(34, 'Numerical result out of range')",
        ));
    }
    Ok(heap.new_plain(Kind::Float(v)))
}

fn zero_div_pow() -> super::super::exception::Exc {
    err(
        T::ZeroDivisionError,
        if minor() >= 14 {
            "zero to a negative power"
        } else {
            "0.0 cannot be raised to a negative power"
        },
    )
}

/// `x op y` for complex numbers.
pub(crate) fn complex_binary(heap: &mut Heap, op: BinOp, x: (f64, f64), y: (f64, f64)) -> R<ObjId> {
    let (a, b) = x;
    let (c, d) = y;
    let v = match op {
        BinOp::Add => (a + c, b + d),
        BinOp::Sub => (a - c, b - d),
        BinOp::Mul => (a * c - b * d, a * d + b * c),
        BinOp::TrueDiv => {
            if c == 0.0 && d == 0.0 {
                return Err(zero_div("complex division by zero"));
            }
            // Smith's algorithm, as `_Py_c_quot`.
            if c.abs() >= d.abs() {
                let ratio = d / c;
                let denom = c + d * ratio;
                ((a + b * ratio) / denom, (b - a * ratio) / denom)
            } else {
                let ratio = c / d;
                let denom = c * ratio + d;
                ((a * ratio + b) / denom, (b * ratio - a) / denom)
            }
        }
        BinOp::Pow => complex_pow(x, y)?,
        _ => {
            return Err(type_error(format!(
                "unsupported operand type(s) for {}: 'complex' and 'complex'",
                op.symbol()
            )))
        }
    };
    Ok(heap.new_plain(Kind::Complex(v.0, v.1)))
}

/// `_Py_c_pow`.
fn complex_pow(a: (f64, f64), b: (f64, f64)) -> R<(f64, f64)> {
    if b.0 == 0.0 && b.1 == 0.0 {
        return Ok((1.0, 0.0));
    }
    if a.0 == 0.0 && a.1 == 0.0 {
        if b.1 != 0.0 || b.0 < 0.0 {
            return Err(err(
                T::ZeroDivisionError,
                if minor() >= 14 {
                    "zero to a negative or complex power"
                } else {
                    "0.0 to a negative or complex power"
                },
            ));
        }
        return Ok((0.0, 0.0));
    }
    // Integer exponents by repeated multiplication, as CPython does for small ones.
    if b.1 == 0.0 && b.0 == b.0.trunc() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        let mut r = (1.0, 0.0);
        let mut p = a;
        let mut e = n.unsigned_abs();
        while e > 0 {
            if e & 1 == 1 {
                r = (r.0 * p.0 - r.1 * p.1, r.0 * p.1 + r.1 * p.0);
            }
            p = (p.0 * p.0 - p.1 * p.1, 2.0 * p.0 * p.1);
            e >>= 1;
        }
        if n < 0 {
            let d = r.0 * r.0 + r.1 * r.1;
            r = (r.0 / d, -r.1 / d);
        }
        return Ok(r);
    }
    let vabs = a.0.hypot(a.1);
    let mut len = vabs.powf(b.0);
    let at = a.1.atan2(a.0);
    let mut phase = at * b.0;
    if b.1 != 0.0 {
        len /= (at * b.1).exp();
        phase += b.1 * vabs.ln();
    }
    Ok((len * phase.cos(), len * phase.sin()))
}

/// Compares two numbers exactly (`None` when a NaN is involved).
pub(crate) fn compare_numbers(x: &Number, y: &Number) -> Option<Ordering> {
    match (x, y) {
        (Number::Int(a), Number::Int(b)) => Some(match (a, b) {
            (IntVal::Small(a), IntVal::Small(b)) => a.cmp(b),
            _ => a.to_big().cmp(&b.to_big()),
        }),
        (Number::Float(a), Number::Float(b)) => a.partial_cmp(b),
        (Number::Int(i), Number::Float(f)) => compare_int_float(i, *f),
        (Number::Float(f), Number::Int(i)) => compare_int_float(i, *f).map(Ordering::reverse),
        (Number::Complex(a, b), Number::Complex(c, d)) => {
            if a == c && b == d {
                Some(Ordering::Equal)
            } else {
                Some(Ordering::Less)
            }
        }
        (Number::Complex(a, b), other) | (other, Number::Complex(a, b)) => {
            let v = match other {
                Number::Int(i) => i.to_big().to_f64().unwrap_or(f64::NAN),
                Number::Float(f) => *f,
                Number::Complex(..) => f64::NAN,
            };
            if *b == 0.0 && *a == v {
                Some(Ordering::Equal)
            } else {
                Some(Ordering::Less)
            }
        }
    }
}

fn compare_int_float(i: &IntVal, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    if let IntVal::Small(v) = i {
        if v.unsigned_abs() < (1 << 53) {
            return (*v as f64).partial_cmp(&f);
        }
    }
    let fi = f.floor();
    let big_f = float_to_big(fi);
    let ib = i.to_big();
    match ib.cmp(&big_f) {
        Ordering::Equal => {
            if f > fi {
                Some(Ordering::Less)
            } else {
                Some(Ordering::Equal)
            }
        }
        o => Some(o),
    }
}

impl Vm {
    /// `float(x)`.
    pub(crate) fn float_new(&mut self, heap: &mut Heap, x: Option<ObjId>) -> R<ObjId> {
        let Some(x) = x else {
            return Ok(heap.new_plain(Kind::Float(0.0)));
        };
        match heap.kind(x) {
            Kind::Float(_) => {
                heap.incref(x);
                Ok(x)
            }
            Kind::Int(i) => {
                let f = super::int::to_f64(&Number::Int(i.clone()))?;
                Ok(heap.new_plain(Kind::Float(f)))
            }
            Kind::Bool(b) => {
                let f = f64::from(u8::from(*b));
                Ok(heap.new_plain(Kind::Float(f)))
            }
            Kind::Str(s) => {
                let s = s.to_string();
                match parse_float(&s) {
                    Some(f) => Ok(heap.new_plain(Kind::Float(f))),
                    None => Err(value_error(format!(
                        "could not convert string to float: {}",
                        crate::python::repr::str_repr(&s)
                    ))),
                }
            }
            _ => {
                let class = self.type_of(heap, x);
                for name in ["__float__", "__index__"] {
                    if let Some(f) = self.user_method(heap, class, name) {
                        heap.incref(f);
                        let r = self.call_method_with(heap, f, x, &[]);
                        heap.decref(self, f);
                        let v = r?;
                        if name == "__index__" {
                            let r = self.float_new(heap, Some(v));
                            heap.decref(self, v);
                            return r;
                        }
                        return Ok(v);
                    }
                }
                let t = self.type_name(heap, x);
                Err(type_error(format!(
                    "float() argument must be a string or a real number, not '{t}'"
                )))
            }
        }
    }

    /// `complex(real, imag)`.
    pub(crate) fn complex_new(
        &mut self,
        heap: &mut Heap,
        re: Option<ObjId>,
        im: Option<ObjId>,
    ) -> R<ObjId> {
        let part = |vm: &mut Vm, heap: &mut Heap, o: Option<ObjId>| -> R<(f64, f64)> {
            match o {
                None => Ok((0.0, 0.0)),
                Some(o) => match vm.number(heap, o) {
                    Some(Number::Complex(a, b)) => Ok((a, b)),
                    Some(n) => Ok((super::int::to_f64(&n)?, 0.0)),
                    None => {
                        if let Kind::Str(s) = heap.kind(o) {
                            let s = s.to_string();
                            return parse_complex(&s)
                                .ok_or_else(|| value_error("complex() arg is a malformed string"));
                        }
                        let t = vm.type_name(heap, o);
                        Err(type_error(format!(
                            "complex() first argument must be a string or a number, not '{t}'"
                        )))
                    }
                },
            }
        };
        let (a, b) = part(self, heap, re)?;
        let (c, d) = part(self, heap, im)?;
        Ok(heap.new_plain(Kind::Complex(a - d, b + c)))
    }

    /// `round(number, ndigits)`.
    pub(crate) fn round(&mut self, heap: &mut Heap, x: ObjId, nd: Option<ObjId>) -> R<ObjId> {
        let nd = match nd {
            Some(n) if !matches!(heap.kind(n), Kind::None) => Some(self.index_value(heap, n)?),
            _ => None,
        };
        match self.number(heap, x) {
            Some(Number::Int(i)) => match nd {
                None => Ok(heap.int_val(i)),
                Some(n) if n >= 0 => Ok(heap.int_val(i)),
                Some(n) => {
                    // Round to a multiple of 10**-n, halves to even.
                    let p = num_traits::pow(BigInt::from(10), n.unsigned_abs() as usize);
                    let v = i.to_big();
                    let (q, r) = num_integer::Integer::div_mod_floor(&v, &p);
                    let twice: BigInt = &r * 2u32;
                    let q = match twice.cmp(&p) {
                        Ordering::Greater => q + 1,
                        Ordering::Equal if num_integer::Integer::is_odd(&q) => q + 1,
                        _ => q,
                    };
                    Ok(heap.int_val(IntVal::from_big(q * p)))
                }
            },
            Some(Number::Float(f)) => match nd {
                None => {
                    if f.is_nan() {
                        return Err(value_error("cannot convert float NaN to integer"));
                    }
                    if f.is_infinite() {
                        return Err(err(
                            T::OverflowError,
                            "cannot convert float infinity to integer",
                        ));
                    }
                    let r = round_half_even(f);
                    Ok(heap.int_val(IntVal::from_big(float_to_big(r))))
                }
                Some(n) => {
                    let v = round_float_digits(f, n);
                    Ok(heap.new_plain(Kind::Float(v)))
                }
            },
            _ => {
                let class = self.type_of(heap, x);
                if let Some(f) = self.user_method(heap, class, "__round__") {
                    heap.incref(f);
                    let args: Vec<ObjId> = nd.map(|n| heap.int(n)).into_iter().collect();
                    let r = self.call_method_with(heap, f, x, &args);
                    for a in args {
                        heap.decref(self, a);
                    }
                    heap.decref(self, f);
                    return r;
                }
                let t = self.type_name(heap, x);
                Err(type_error(format!(
                    "type {t} doesn't define __round__ method"
                )))
            }
        }
    }
}

/// Rounds half to even.
pub(crate) fn round_half_even(f: f64) -> f64 {
    let r = f.round();
    if (f - f.trunc()).abs() == 0.5 {
        2.0 * (f / 2.0).round()
    } else {
        r
    }
}

/// `round(x, n)` for floats: correctly rounded through the decimal string, as CPython does.
pub(crate) fn round_float_digits(x: f64, n: i64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if n > 308 {
        return x;
    }
    if n >= 0 {
        let s = format!("{:.*}", n as usize, x);
        s.parse().unwrap_or(x)
    } else {
        let p = 10f64.powi((-n) as i32);
        if !p.is_finite() {
            return 0.0_f64.copysign(x);
        }
        let y = x / p;
        let r = round_half_even(y);
        let v = r * p;
        if v.is_infinite() {
            return x;
        }
        v
    }
}

/// Parses a float the way `float(str)` accepts it.
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let (sign, body) = match lower.strip_prefix('-') {
        Some(r) => (-1.0, r),
        None => (1.0, lower.strip_prefix('+').unwrap_or(&lower)),
    };
    match body {
        "inf" | "infinity" => return Some(sign * f64::INFINITY),
        "nan" => return Some(f64::NAN),
        _ => {}
    }
    if body.is_empty()
        || body.starts_with('_')
        || body.ends_with('_')
        || body.contains("__")
        || body.contains("_.")
        || body.contains("._")
        || body.contains("_e")
        || body.contains("e_")
    {
        return None;
    }
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    if !clean
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-'))
    {
        return None;
    }
    clean.parse::<f64>().ok().map(|v| sign * v)
}

fn parse_complex(s: &str) -> Option<(f64, f64)> {
    let t = s.trim().trim_start_matches('(').trim_end_matches(')');
    if let Some(im) = t.strip_suffix('j') {
        // Split at the last sign that is not part of an exponent.
        let bytes = im.as_bytes();
        let mut split = None;
        for i in (1..bytes.len()).rev() {
            if (bytes[i] == b'+' || bytes[i] == b'-')
                && bytes[i - 1] != b'e'
                && bytes[i - 1] != b'E'
            {
                split = Some(i);
                break;
            }
        }
        let (re, imag) = match split {
            Some(i) => (&im[..i], &im[i..]),
            None => ("0", im),
        };
        let imag = match imag {
            "" | "+" => 1.0,
            "-" => -1.0,
            x => parse_float(x)?,
        };
        return Some((parse_float(re)?, imag));
    }
    Some((parse_float(t)?, 0.0))
}

fn is_integer(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let f = match heap.kind(a.this()) {
        Kind::Float(f) => *f,
        _ => 0.0,
    };
    Ok(heap.bool(f.is_finite() && f == f.trunc()))
}

fn as_integer_ratio(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let f = match heap.kind(a.this()) {
        Kind::Float(f) => *f,
        _ => 0.0,
    };
    if f.is_infinite() {
        return Err(err(
            T::OverflowError,
            "cannot convert Infinity to integer ratio",
        ));
    }
    if f.is_nan() {
        return Err(value_error("cannot convert NaN to integer ratio"));
    }
    let mut m = f;
    let mut e = 0;
    while m != m.floor() {
        m *= 2.0;
        e += 1;
    }
    let n = float_to_big(m);
    let d = BigInt::from(1) << e as u64;
    let g = num_integer::Integer::gcd(&n, &d);
    let n = heap.int_val(IntVal::from_big(&n / &g));
    let d = heap.int_val(IntVal::from_big(&d / &g));
    Ok(vm.new_tuple_from_array(heap, vec![n, d]))
}

fn float_hex(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let f = match heap.kind(a.this()) {
        Kind::Float(f) => *f,
        _ => 0.0,
    };
    let s = if f == 0.0 {
        if f.is_sign_negative() {
            "-0x0.0p+0".to_string()
        } else {
            "0x0.0p+0".to_string()
        }
    } else {
        let bits = f.to_bits();
        let sign = if f < 0.0 { "-" } else { "" };
        let exp = ((bits >> 52) & 0x7ff) as i64;
        let mant = bits & ((1 << 52) - 1);
        let digits = format!("{mant:013x}");
        let digits = digits.trim_end_matches('0');
        let digits = if digits.is_empty() { "0" } else { digits };
        format!("{sign}0x1.{digits}p{:+}", exp - 1023)
    };
    Ok(heap.str(&s))
}

fn float_conjugate(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let o = a.this();
    heap.incref(o);
    Ok(o)
}

fn fromhex(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let Some(s) = a.get(0) else {
        return Err(type_error("fromhex() takes exactly one argument (0 given)"));
    };
    let text = match heap.kind(s) {
        Kind::Str(t) => t.to_string(),
        _ => return Err(type_error("must be str")),
    };
    let t = text.trim().to_ascii_lowercase();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r.to_string()),
        None => (false, t.trim_start_matches('+').to_string()),
    };
    let t = t.trim_start_matches("0x");
    let (mant, exp) = t.split_once('p').unwrap_or((t, "0"));
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let mut v = i64::from_str_radix(if int.is_empty() { "0" } else { int }, 16).unwrap_or(0) as f64;
    for (k, c) in frac.chars().enumerate() {
        v += f64::from(c.to_digit(16).unwrap_or(0)) / 16f64.powi(k as i32 + 1);
    }
    let e: i32 = exp.parse().unwrap_or(0);
    let v = v * 2f64.powi(e);
    Ok(heap.new_plain(Kind::Float(if neg { -v } else { v })))
}

fn complex_conjugate(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let (r, i) = match heap.kind(a.this()) {
        Kind::Complex(r, i) => (*r, *i),
        _ => (0.0, 0.0),
    };
    Ok(heap.new_plain(Kind::Complex(r, -i)))
}

/// `float` and `complex` methods.
pub(crate) const DEFS: &[Def] = &[
    method(T::Float, "is_integer", is_integer),
    method(T::Float, "as_integer_ratio", as_integer_ratio),
    method(T::Float, "hex", float_hex),
    method(T::Float, "conjugate", float_conjugate),
    classmethod(T::Float, "fromhex", fromhex),
    method(T::Complex, "conjugate", complex_conjugate),
];
