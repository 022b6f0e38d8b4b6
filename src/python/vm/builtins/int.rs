//! `int` and `bool`: arithmetic on machine-sized and arbitrary-precision integers with the
//! objects CPython allocates for the results (small ints from the cache; `+`/`-` of
//! multi-digit operands keep one spare digit), the numeric dispatch of binary operators
//! between builtin values, `int()` parsing, and int methods.

use num_bigint::BigInt;
use num_integer::Integer as _;
use num_traits::{One as _, Signed as _, ToPrimitive as _, Zero as _};

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind};

use super::super::exception::{err, type_error, value_error, R};
use super::super::Vm;
use super::{classmethod, method, staticmethod, Args, Def, T};
use crate::python::compiler::code::{BinOp, UnOp};

/// A builtin number.
#[derive(Debug, Clone)]
pub(crate) enum Number {
    /// An int (or bool).
    Int(IntVal),
    /// A float.
    Float(f64),
    /// A complex number.
    Complex(f64, f64),
}

/// Bits an int result may have in pymemsim: 64 million bits, 8 MiB of digits. CPython builds
/// larger ones (`10**10**8`, 42 MB, in seconds); pymemsim's arithmetic would take far longer,
/// so past it the run stops as not supported.
const MAX_INT_BITS: u64 = 64 << 20;

/// Checked before an int result of about `bits` bits is computed: the `MemoryError` of a failed
/// allocation when the simulated memory has no room for its digits, not supported past
/// [`MAX_INT_BITS`].
fn check_int_bits(heap: &Heap, bits: u64) -> R<()> {
    super::list::check_object_bytes(heap, u128::from(bits / 8))?;
    if bits > MAX_INT_BITS {
        return Err(super::super::exception::unsupported(format!(
            "an int of about {bits} bits (pymemsim computes ints of up to {MAX_INT_BITS} bits)"
        )));
    }
    Ok(())
}

impl Vm {
    /// The number an object is, if it is a builtin number.
    pub(crate) fn number(&self, heap: &Heap, obj: ObjId) -> Option<Number> {
        match heap.kind(obj) {
            Kind::Int(i) => Some(Number::Int(i.clone())),
            Kind::Bool(b) => Some(Number::Int(IntVal::Small(i64::from(*b)))),
            Kind::Float(f) => Some(Number::Float(*f)),
            Kind::Complex(a, b) => Some(Number::Complex(*a, *b)),
            _ => None,
        }
    }

    /// A binary operation between builtin values; `None` when the dunder protocol decides.
    pub(crate) fn builtin_binary(
        &mut self,
        heap: &mut Heap,
        op: BinOp,
        a: ObjId,
        b: ObjId,
    ) -> Option<R<ObjId>> {
        // Machine ints first.
        if let (Kind::Int(IntVal::Small(x)), Kind::Int(IntVal::Small(y))) =
            (heap.kind(a), heap.kind(b))
        {
            let (x, y) = (*x, *y);
            if let Some(v) = small_int_op(op, x, y) {
                if matches!(op, BinOp::Add | BinOp::Sub)
                    && (x.unsigned_abs() >= 1 << 30 || y.unsigned_abs() >= 1 << 30)
                {
                    let d = IntVal::Small(x).ndigits().max(IntVal::Small(y).ndigits());
                    if d > 1 {
                        return Some(Ok(heap.int_with_spare_digit(IntVal::Small(v), d + 1)));
                    }
                }
                return Some(Ok(heap.int(v)));
            }
        }
        if let (Some(x), Some(y)) = (self.number(heap, a), self.number(heap, b)) {
            return Some(self.numeric_binary(heap, op, x, y, a, b));
        }
        self.sequence_binary(heap, op, a, b)
    }

    /// Arithmetic between two builtin numbers.
    fn numeric_binary(
        &mut self,
        heap: &mut Heap,
        op: BinOp,
        x: Number,
        y: Number,
        a: ObjId,
        b: ObjId,
    ) -> R<ObjId> {
        match (x, y) {
            (Number::Int(x), Number::Int(y)) => self.int_binary(heap, op, x, y, a, b),
            (Number::Complex(..), _) | (_, Number::Complex(..)) => {
                let (xr, xi) = self.as_complex(heap, a);
                let (yr, yi) = self.as_complex(heap, b);
                super::float::complex_binary(heap, op, (xr, xi), (yr, yi))
            }
            (x, y) => {
                let xf = to_f64(&x)?;
                let yf = to_f64(&y)?;
                super::float::float_binary(heap, op, xf, yf)
            }
        }
    }

    fn as_complex(&self, heap: &Heap, o: ObjId) -> (f64, f64) {
        match self.number(heap, o) {
            Some(Number::Complex(a, b)) => (a, b),
            Some(Number::Float(f)) => (f, 0.0),
            Some(Number::Int(i)) => (i.to_big().to_f64().unwrap_or(f64::INFINITY), 0.0),
            None => (0.0, 0.0),
        }
    }

    /// Arithmetic between two ints.
    fn int_binary(
        &mut self,
        heap: &mut Heap,
        op: BinOp,
        x: IntVal,
        y: IntVal,
        a: ObjId,
        b: ObjId,
    ) -> R<ObjId> {
        let digits = |id: ObjId| match heap.kind(id) {
            Kind::Int(i) => i.ndigits(),
            _ => 1,
        };
        let (dl, dr) = (digits(a), digits(b));
        if let (IntVal::Small(x), IntVal::Small(y)) = (&x, &y) {
            if let Some(v) = small_int_op(op, *x, *y) {
                if matches!(op, BinOp::Add | BinOp::Sub) && (dl > 1 || dr > 1) {
                    return Ok(heap.int_with_spare_digit(IntVal::Small(v), dl.max(dr) + 1));
                }
                return Ok(heap.int(v));
            }
        }
        let xb = x.to_big();
        let yb = y.to_big();
        let v = match op {
            BinOp::Add => xb + yb,
            BinOp::Sub => xb - yb,
            BinOp::Mul => {
                check_int_bits(heap, xb.bits() + yb.bits())?;
                xb * yb
            }
            BinOp::FloorDiv | BinOp::Mod => {
                if yb.is_zero() {
                    return Err(err(
                        T::ZeroDivisionError,
                        if op == BinOp::Mod {
                            if self.minor >= 14 {
                                "division by zero"
                            } else {
                                "integer modulo by zero"
                            }
                        } else if self.minor >= 14 {
                            "division by zero"
                        } else {
                            "integer division or modulo by zero"
                        },
                    ));
                }
                let (q, m) = xb.div_mod_floor(&yb);
                if op == BinOp::Mod {
                    m
                } else {
                    q
                }
            }
            BinOp::TrueDiv => {
                if yb.is_zero() {
                    return Err(err(T::ZeroDivisionError, "division by zero"));
                }
                let f = int_true_divide(&xb, &yb)?;
                return Ok(heap.new_plain(Kind::Float(f)));
            }
            BinOp::Pow => {
                if yb.is_negative() {
                    if xb.is_zero() {
                        return Err(err(
                            T::ZeroDivisionError,
                            if self.minor >= 14 {
                                "zero to a negative power"
                            } else {
                                "0.0 cannot be raised to a negative power"
                            },
                        ));
                    }
                    let xf = big_to_f64(&xb)?;
                    let yf = big_to_f64(&yb)?;
                    return super::float::float_binary(heap, BinOp::Pow, xf, yf);
                }
                let e = yb.to_u64().unwrap_or(u64::MAX);
                if xb.bits() > 1 {
                    check_int_bits(heap, (xb.bits() - 1).saturating_mul(e))?;
                }
                if xb.is_zero() || xb.is_one() {
                    xb
                } else if xb == BigInt::from(-1) {
                    if e.is_multiple_of(2) {
                        BigInt::one()
                    } else {
                        xb
                    }
                } else {
                    num_traits::pow(xb, e as usize)
                }
            }
            BinOp::LShift => {
                if yb.is_negative() {
                    return Err(value_error("negative shift count"));
                }
                let s = yb.to_u64().unwrap_or(u64::MAX);
                if !xb.is_zero() {
                    check_int_bits(heap, xb.bits().saturating_add(s))?;
                }
                if xb.is_zero() {
                    xb
                } else {
                    xb << s
                }
            }
            BinOp::RShift => {
                if yb.is_negative() {
                    return Err(value_error("negative shift count"));
                }
                let s = yb.to_u64().unwrap_or(u64::MAX);
                if s >= xb.bits() {
                    if xb.is_negative() {
                        BigInt::from(-1)
                    } else {
                        BigInt::zero()
                    }
                } else {
                    xb >> s
                }
            }
            BinOp::And => xb & yb,
            BinOp::Or => xb | yb,
            BinOp::Xor => xb ^ yb,
            BinOp::MatMul => {
                return Err(type_error(
                    "unsupported operand type(s) for @: 'int' and 'int'",
                ))
            }
        };
        // bool & bool etc. stay bools.
        if matches!(op, BinOp::And | BinOp::Or | BinOp::Xor)
            && matches!(heap.kind(a), Kind::Bool(_))
            && matches!(heap.kind(b), Kind::Bool(_))
        {
            return Ok(heap.bool(!v.is_zero()));
        }
        let val = IntVal::from_big(v);
        if matches!(op, BinOp::Add | BinOp::Sub) && (dl > 1 || dr > 1) {
            return Ok(heap.int_with_spare_digit(val, dl.max(dr) + 1));
        }
        Ok(heap.int_val(val))
    }

    /// `-x`, `+x`, `~x` of builtin numbers; `None` for anything else.
    pub(crate) fn builtin_unary(
        &mut self,
        heap: &mut Heap,
        op: UnOp,
        a: ObjId,
    ) -> Option<R<ObjId>> {
        let n = self.number(heap, a)?;
        Some(match (op, n) {
            (UnOp::Neg, Number::Int(i)) => Ok(heap.int_val(IntVal::from_big(-i.to_big()))),
            (UnOp::Neg, Number::Float(f)) => Ok(heap.new_plain(Kind::Float(-f))),
            (UnOp::Neg, Number::Complex(r, i)) => Ok(heap.new_plain(Kind::Complex(-r, -i))),
            (UnOp::Pos, Number::Int(i)) => {
                if matches!(heap.kind(a), Kind::Bool(_)) {
                    Ok(heap.int_val(i))
                } else {
                    heap.incref(a);
                    Ok(a)
                }
            }
            (UnOp::Pos, _) => {
                heap.incref(a);
                Ok(a)
            }
            (UnOp::Invert, Number::Int(i)) => {
                if matches!(heap.kind(a), Kind::Bool(_)) && self.minor >= 12 {
                    // 3.12 deprecates ~bool but still computes ~int(b).
                }
                Ok(heap.int_val(IntVal::from_big(-i.to_big() - 1)))
            }
            (UnOp::Invert, _) => {
                let t = self.type_name(heap, a);
                Err(type_error(format!("bad operand type for unary ~: '{t}'")))
            }
            (UnOp::Not, _) => {
                let t = self.is_true(heap, a);
                t.map(|t| heap.bool(!t))
            }
        })
    }

    /// `int(x)` / `int(s, base)`.
    pub(crate) fn int_new(
        &mut self,
        heap: &mut Heap,
        args: &[ObjId],
        base: Option<ObjId>,
    ) -> R<ObjId> {
        let Some(&x) = args.first() else {
            return Ok(heap.int(0));
        };
        if let Some(b) = base.or_else(|| args.get(1).copied()) {
            let base = self.index_value(heap, b)?;
            let text = match heap.kind(x) {
                Kind::Str(s) => s.to_string(),
                Kind::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                _ => {
                    return Err(type_error(
                        "int() can't convert non-string with explicit base",
                    ))
                }
            };
            return self.parse_int(heap, &text, base as u32);
        }
        match heap.kind(x) {
            Kind::Int(_) => {
                heap.incref(x);
                Ok(x)
            }
            Kind::Bool(b) => Ok(heap.int(i64::from(*b))),
            Kind::Float(f) => {
                let f = *f;
                if f.is_nan() {
                    return Err(value_error("cannot convert float NaN to integer"));
                }
                if f.is_infinite() {
                    return Err(err(
                        T::OverflowError,
                        "cannot convert float infinity to integer",
                    ));
                }
                Ok(heap.int_val(IntVal::from_big(float_to_big(f.trunc()))))
            }
            Kind::Str(s) => {
                let s = s.to_string();
                self.parse_int(heap, &s, 10)
            }
            Kind::Bytes(b) => {
                let s = String::from_utf8_lossy(b).into_owned();
                self.parse_int(heap, &s, 10)
            }
            _ => {
                let class = self.type_of(heap, x);
                for name in ["__int__", "__index__", "__trunc__"] {
                    if let Some(f) = self.user_method(heap, class, name) {
                        heap.incref(f);
                        let r = self.call_method_with(heap, f, x, &[]);
                        heap.decref(self, f);
                        return r;
                    }
                }
                let t = self.type_name(heap, x);
                Err(type_error(format!(
                    "int() argument must be a string, a bytes-like object or a real number, not '{t}'"
                )))
            }
        }
    }

    /// Parses an int literal as `int(s, base)` does (underscores, sign, prefixes, spaces).
    fn parse_int(&mut self, heap: &mut Heap, text: &str, base: u32) -> R<ObjId> {
        let bad = || {
            value_error(format!(
                "invalid literal for int() with base {base}: {}",
                crate::python::repr::str_repr(text)
            ))
        };
        if base != 0 && !(2..=36).contains(&base) {
            return Err(value_error("int() base must be >= 2 and <= 36, or 0"));
        }
        let t = text.trim();
        let (neg, t) = match t.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let lower = t.to_ascii_lowercase();
        let (base, digits) = match base {
            0 => {
                if let Some(r) = lower.strip_prefix("0x") {
                    (16, r.to_string())
                } else if let Some(r) = lower.strip_prefix("0o") {
                    (8, r.to_string())
                } else if let Some(r) = lower.strip_prefix("0b") {
                    (2, r.to_string())
                } else {
                    if lower.len() > 1
                        && lower.starts_with('0')
                        && lower.chars().any(|c| c != '0' && c != '_')
                    {
                        return Err(bad());
                    }
                    (10, lower.clone())
                }
            }
            16 => (16, lower.strip_prefix("0x").unwrap_or(&lower).to_string()),
            8 => (8, lower.strip_prefix("0o").unwrap_or(&lower).to_string()),
            2 => (2, lower.strip_prefix("0b").unwrap_or(&lower).to_string()),
            b => (b, lower.clone()),
        };
        let digits = digits.strip_prefix('_').map_or(digits.clone(), |d| {
            if t.len() > 2
                && (t.starts_with("0x")
                    || t.starts_with("0o")
                    || t.starts_with("0b")
                    || t.starts_with("0X")
                    || t.starts_with("0O")
                    || t.starts_with("0B"))
            {
                d.to_string()
            } else {
                digits.clone()
            }
        });
        if digits.is_empty()
            || digits.starts_with('_')
            || digits.ends_with('_')
            || digits.contains("__")
        {
            return Err(bad());
        }
        let clean: String = digits.chars().filter(|&c| c != '_').collect();
        if self.minor >= 11
            && base == 10
            && clean.len() > self.int_max_str_digits
            && self.int_max_str_digits > 0
        {
            return Err(value_error(format!(
                "Exceeds the limit ({}) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
                self.int_max_str_digits,
                clean.len()
            )));
        }
        let v = BigInt::parse_bytes(clean.as_bytes(), base).ok_or_else(bad)?;
        let v = if neg { -v } else { v };
        Ok(heap.int_val(IntVal::from_big(v)))
    }

    /// The value of an int object (or bool).
    pub(crate) fn int_value(&self, heap: &Heap, o: ObjId) -> Option<BigInt> {
        match heap.kind(o) {
            Kind::Int(i) => Some(i.to_big()),
            Kind::Bool(b) => Some(BigInt::from(u8::from(*b))),
            _ => None,
        }
    }
}

/// `x op y` for machine ints when the result fits in an i64.
pub(crate) fn small_int_op(op: BinOp, x: i64, y: i64) -> Option<i64> {
    match op {
        BinOp::Add => x.checked_add(y),
        BinOp::Sub => x.checked_sub(y),
        BinOp::Mul => x.checked_mul(y),
        BinOp::FloorDiv if y != 0 => {
            let q = x.checked_div(y)?;
            if (x % y != 0) && ((x < 0) != (y < 0)) {
                Some(q - 1)
            } else {
                Some(q)
            }
        }
        BinOp::Mod if y != 0 => {
            let m = x.checked_rem(y)?;
            if m != 0 && ((m < 0) != (y < 0)) {
                Some(m + y)
            } else {
                Some(m)
            }
        }
        BinOp::And => Some(x & y),
        BinOp::Or => Some(x | y),
        BinOp::Xor => Some(x ^ y),
        BinOp::LShift if (0..63).contains(&y) => {
            let r = x.checked_shl(y as u32)?;
            (r >> y == x).then_some(r)
        }
        BinOp::RShift if (0..64).contains(&y) => Some(x >> y),
        BinOp::RShift if y >= 64 => Some(if x < 0 { -1 } else { 0 }),
        BinOp::Pow if (0..64).contains(&y) => x.checked_pow(y as u32),
        _ => None,
    }
}

/// An exact int as a float, or `OverflowError`.
pub(crate) fn big_to_f64(b: &BigInt) -> R<f64> {
    let f = b.to_f64().unwrap_or(f64::INFINITY);
    if f.is_infinite() {
        return Err(err(T::OverflowError, "int too large to convert to float"));
    }
    Ok(f)
}

/// `a / b` for ints, correctly rounded (`long_true_divide`).
fn int_true_divide(a: &BigInt, b: &BigInt) -> R<f64> {
    if a.bits() <= 53 && b.bits() <= 53 {
        return Ok(a.to_f64().unwrap_or(0.0) / b.to_f64().unwrap_or(1.0));
    }
    // Scale so the quotient has 55+ significant bits, then round once.
    let shift = a.bits() as i64 - b.bits() as i64 - 55;
    let (num, den) = if shift >= 0 {
        (a.clone(), b << shift as u64)
    } else {
        (a << (-shift) as u64, b.clone())
    };
    let q = &num / &den;
    let r = &num % &den;
    let q = if r.is_zero() {
        q
    } else {
        (q << 1u32) | BigInt::one()
    };
    let extra = if r.is_zero() { 0 } else { 1 };
    let f = q.to_f64().unwrap_or(f64::INFINITY);
    let e = shift - extra;
    let v = f * 2f64.powi(e as i32);
    if v.is_infinite() {
        return Err(err(
            T::OverflowError,
            "integer division result too large for a float",
        ));
    }
    Ok(v)
}

/// A float (integral) as a big int.
pub(crate) fn float_to_big(f: f64) -> BigInt {
    if f.abs() < 9.0e18 {
        return BigInt::from(f as i64);
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mant = (bits & ((1 << 52) - 1)) | (1 << 52);
    let m = BigInt::from(mant);
    let v = if exp >= 0 {
        m << exp as u64
    } else {
        m >> (-exp) as u64
    };
    if f < 0.0 {
        -v
    } else {
        v
    }
}

/// A number as a float.
pub(crate) fn to_f64(n: &Number) -> R<f64> {
    match n {
        Number::Int(i) => match i {
            IntVal::Small(v) => Ok(*v as f64),
            IntVal::Big(b) => big_to_f64(b),
        },
        Number::Float(f) => Ok(*f),
        Number::Complex(r, _) => Ok(*r),
    }
}

fn bit_length(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let v = vm.int_value(heap, a.this()).unwrap_or_default();
    let _ = vm;
    Ok(heap.int(v.bits() as i64))
}

fn bit_count(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let v = vm.int_value(heap, a.this()).unwrap_or_default();
    let n: u64 = v
        .abs()
        .to_u64_digits()
        .1
        .iter()
        .map(|d| u64::from(d.count_ones()))
        .sum();
    Ok(heap.int(n as i64))
}

fn conjugate(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let o = a.this();
    if let Kind::Bool(b) = heap.kind(o) {
        let b = *b;
        return Ok(heap.int(i64::from(b)));
    }
    heap.incref(o);
    Ok(o)
}

fn to_bytes(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let v = vm.int_value(heap, a.this()).unwrap_or_default();
    let length = match a.arg(heap, 0, "length") {
        Some(l) => vm.index_value(heap, l)? as usize,
        None => 1,
    };
    let big_endian = match a.arg(heap, 1, "byteorder") {
        Some(b) => match heap.kind(b) {
            Kind::Str(s) if &**s == "big" => true,
            Kind::Str(s) if &**s == "little" => false,
            _ => return Err(value_error("byteorder must be either 'little' or 'big'")),
        },
        None => true,
    };
    let signed = match a.kw(heap, "signed") {
        Some(s) => vm.is_true(heap, s)?,
        None => false,
    };
    if v.is_negative() && !signed {
        return Err(err(
            T::OverflowError,
            "can't convert negative int to unsigned",
        ));
    }
    let mut bytes = if signed {
        v.to_signed_bytes_le()
    } else {
        v.to_bytes_le().1
    };
    if v.is_zero() {
        bytes = vec![0];
    }
    if bytes.len() > length {
        // Trailing sign bytes may still fit.
        let fill = if v.is_negative() { 0xff } else { 0 };
        while bytes.len() > length && bytes.last() == Some(&fill) {
            bytes.pop();
        }
        if bytes.len() > length
            || (signed
                && length > 0
                && bytes
                    .last()
                    .is_some_and(|&b| (b & 0x80 != 0) != v.is_negative()))
        {
            return Err(err(T::OverflowError, "int too big to convert"));
        }
    }
    let fill = if v.is_negative() { 0xff } else { 0 };
    bytes.resize(length, fill);
    if big_endian {
        bytes.reverse();
    }
    Ok(heap.bytes(&bytes))
}

fn from_bytes(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let Some(src) = a.arg(heap, 0, "bytes") else {
        return Err(type_error(
            "from_bytes() missing required argument 'bytes' (pos 1)",
        ));
    };
    let mut data: Vec<u8> = match heap.kind(src) {
        Kind::Bytes(b) => b.to_vec(),
        Kind::ByteArray(b, _) => b.clone(),
        _ => {
            let items = vm.collect_iterable(heap, src)?;
            let mut v = Vec::new();
            for i in items {
                v.push(vm.index_value(heap, i)? as u8);
                heap.decref(vm, i);
            }
            v
        }
    };
    let big_endian = match a.arg(heap, 1, "byteorder") {
        Some(b) => matches!(heap.kind(b), Kind::Str(s) if &**s == "big"),
        None => true,
    };
    let signed = match a.kw(heap, "signed") {
        Some(s) => vm.is_true(heap, s)?,
        None => false,
    };
    if big_endian {
        data.reverse();
    }
    let v = if signed {
        BigInt::from_signed_bytes_le(&data)
    } else {
        BigInt::from_bytes_le(num_bigint::Sign::Plus, &data)
    };
    Ok(heap.int_val(IntVal::from_big(v)))
}

fn as_integer_ratio(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let v = vm.int_value(heap, a.this()).unwrap_or_default();
    let n = heap.int_val(IntVal::from_big(v));
    let d = heap.int(1);
    Ok(vm.new_tuple_from_array(heap, vec![n, d]))
}

fn is_integer(_vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    Ok(heap.bool(true))
}

fn index(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let v = vm.int_value(heap, a.this()).unwrap_or_default();
    Ok(heap.int_val(IntVal::from_big(v)))
}

/// `int` and `bool` methods.
pub(crate) const DEFS: &[Def] = &[
    method(T::Int, "bit_length", bit_length),
    method(T::Int, "bit_count", bit_count),
    method(T::Int, "conjugate", conjugate),
    method(T::Int, "to_bytes", to_bytes),
    classmethod(T::Int, "from_bytes", from_bytes),
    method(T::Int, "as_integer_ratio", as_integer_ratio),
    method(T::Int, "is_integer", is_integer),
    method(T::Int, "__index__", index),
    method(T::Int, "__int__", index),
    staticmethod(T::Int, "__pymemsim_unused__", is_integer),
];
