//! The `math` module: C's libm functions on floats with CPython's error messages (which 3.14
//! made more specific), and the exact integer functions (`factorial`, `gcd`, `comb`...).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind};

use super::super::builtins::int::float_to_big;
use super::super::builtins::{function, Args, Def, T};
use super::super::exception::{err, type_error, value_error, R};
use super::super::Vm;

const M: Option<&str> = Some("math");

fn float(heap: &mut Heap, f: f64) -> ObjId {
    heap.new_plain(Kind::Float(f))
}

fn int(heap: &mut Heap, b: BigInt) -> ObjId {
    heap.int_val(IntVal::from_big(b))
}

fn domain() -> super::super::exception::Exc {
    value_error("math domain error")
}

fn range_error() -> super::super::exception::Exc {
    err(T::OverflowError, "math range error")
}

/// One float argument.
fn arg1(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<f64> {
    a.count(1, 1)?;
    vm.float_of(heap, a.pos[0])
}

/// An exact integer argument (`__index__`), with CPython's message for floats.
fn int_arg(vm: &mut Vm, heap: &mut Heap, x: ObjId) -> R<BigInt> {
    if let Some(b) = vm.int_value(heap, x) {
        return Ok(b);
    }
    if let Kind::Float(f) = heap.kind(x) {
        if vm.minor < 10 && f.fract() == 0.0 && f.is_finite() {
            return Ok(float_to_big(*f));
        }
    }
    let i = vm.index_value(heap, x)?;
    Ok(BigInt::from(i))
}

/// A libm function of one float: `domain` says where it is defined; the 3.14 message for a
/// value outside it.
fn unary(
    vm: &mut Vm,
    heap: &mut Heap,
    a: &Args,
    f: fn(f64) -> f64,
    msg314: Option<&dyn Fn(f64) -> String>,
) -> R<ObjId> {
    let x = arg1(vm, heap, a)?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(match (msg314, vm.minor >= 14) {
            (Some(m), true) => value_error(m(x)),
            _ => domain(),
        });
    }
    if r.is_infinite() && x.is_finite() {
        return Err(range_error());
    }
    Ok(float(heap, r))
}

fn float_repr(vm: &Vm, x: f64) -> String {
    let _ = vm;
    crate::python::repr::float_repr(x)
}

fn sqrt(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let x = arg1(vm, heap, a)?;
    if x < 0.0 {
        if vm.minor >= 14 {
            return Err(value_error(format!(
                "expected a nonnegative input, got {}",
                float_repr(vm, x)
            )));
        }
        return Err(domain());
    }
    Ok(float(heap, x.sqrt()))
}

/// `log` of a number, exact for big ints (as CPython's `loghelper`).
fn ln(vm: &mut Vm, heap: &mut Heap, x: ObjId) -> R<f64> {
    let positive = |vm: &Vm| {
        if vm.minor >= 14 {
            value_error("expected a positive input")
        } else {
            domain()
        }
    };
    if let Some(b) = vm.int_value(heap, x) {
        if !b.is_positive() {
            return Err(positive(vm));
        }
        if let Some(f) = b.to_f64().filter(|f| f.is_finite()) {
            return Ok(f.ln());
        }
        // frexp-style: ln(b) = ln(b / 2^e) + e ln 2.
        let bits = b.bits();
        let shift = bits.saturating_sub(60);
        let top = (&b >> shift).to_f64().unwrap_or(1.0);
        return Ok(top.ln() + shift as f64 * std::f64::consts::LN_2);
    }
    let f = vm.float_of(heap, x)?;
    if f <= 0.0 {
        return Err(positive(vm));
    }
    Ok(f.ln())
}

fn log(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 2)?;
    let num = ln(vm, heap, a.pos[0])?;
    let r = match a.pos.get(1) {
        Some(&b) => {
            let den = ln(vm, heap, b)?;
            if den == 0.0 {
                return Err(err(
                    T::ZeroDivisionError,
                    if vm.minor >= 14 {
                        "division by zero"
                    } else {
                        "float division by zero"
                    },
                ));
            }
            num / den
        }
        None => num,
    };
    Ok(float(heap, r))
}

fn log2(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    if let Some(b) = vm.int_value(heap, a.pos[0]) {
        if b.is_positive() && b.to_f64().is_some_and(f64::is_finite) {
            return Ok(float(heap, b.to_f64().unwrap_or(1.0).log2()));
        }
    }
    let l = ln(vm, heap, a.pos[0])?;
    let x = vm.float_of(heap, a.pos[0]).unwrap_or(0.0);
    Ok(float(
        heap,
        if x.is_finite() {
            x.log2()
        } else {
            l / std::f64::consts::LN_2
        },
    ))
}

fn log10(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let l = ln(vm, heap, a.pos[0])?;
    let x = vm.float_of(heap, a.pos[0]).unwrap_or(0.0);
    Ok(float(
        heap,
        if x.is_finite() {
            x.log10()
        } else {
            l / std::f64::consts::LN_10
        },
    ))
}

fn log1p(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    unary(vm, heap, a, f64::ln_1p, None)
}

fn exp(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    unary(vm, heap, a, f64::exp, None)
}

fn exp2(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    unary(vm, heap, a, f64::exp2, None)
}

fn expm1(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    unary(vm, heap, a, f64::exp_m1, None)
}

fn sin(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let m = |x: f64| {
        format!(
            "expected a finite input, got {}",
            crate::python::repr::float_repr(x)
        )
    };
    unary(vm, heap, a, f64::sin, Some(&m))
}

fn cos(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let m = |x: f64| {
        format!(
            "expected a finite input, got {}",
            crate::python::repr::float_repr(x)
        )
    };
    unary(vm, heap, a, f64::cos, Some(&m))
}

fn tan(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let m = |x: f64| {
        format!(
            "expected a finite input, got {}",
            crate::python::repr::float_repr(x)
        )
    };
    unary(vm, heap, a, f64::tan, Some(&m))
}

fn asin(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let m = |x: f64| {
        format!(
            "expected a number in range from -1 up to 1, got {}",
            crate::python::repr::float_repr(x)
        )
    };
    unary(vm, heap, a, f64::asin, Some(&m))
}

fn acos(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let m = |x: f64| {
        format!(
            "expected a number in range from -1 up to 1, got {}",
            crate::python::repr::float_repr(x)
        )
    };
    unary(vm, heap, a, f64::acos, Some(&m))
}

fn atan(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    unary(vm, heap, a, f64::atan, None)
}

fn sinh(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    unary(vm, heap, a, f64::sinh, None)
}

fn cosh(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    unary(vm, heap, a, f64::cosh, None)
}

fn tanh(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    unary(vm, heap, a, f64::tanh, None)
}

fn cbrt(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    unary(vm, heap, a, f64::cbrt, None)
}

fn fabs(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    unary(vm, heap, a, f64::abs, None)
}

fn degrees(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let x = arg1(vm, heap, a)?;
    Ok(float(heap, x * (180.0 / std::f64::consts::PI)))
}

fn radians(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let x = arg1(vm, heap, a)?;
    Ok(float(heap, x * (std::f64::consts::PI / 180.0)))
}

fn two_floats(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<(f64, f64)> {
    a.count(2, 2)?;
    Ok((vm.float_of(heap, a.pos[0])?, vm.float_of(heap, a.pos[1])?))
}

fn atan2(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let (y, x) = two_floats(vm, heap, a)?;
    Ok(float(heap, y.atan2(x)))
}

fn pow(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let (x, y) = two_floats(vm, heap, a)?;
    if x == 0.0 && y < 0.0 && y.is_finite() {
        return Err(domain());
    }
    if x < 0.0 && x.is_finite() && y.is_finite() && y.fract() != 0.0 {
        return Err(domain());
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(range_error());
    }
    Ok(float(heap, r))
}

fn copysign(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let (x, y) = two_floats(vm, heap, a)?;
    Ok(float(heap, x.copysign(y)))
}

fn fmod(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let (x, y) = two_floats(vm, heap, a)?;
    if y == 0.0 && !x.is_nan() || x.is_infinite() {
        return Err(domain());
    }
    Ok(float(heap, x % y))
}

fn ldexp(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    let x = vm.float_of(heap, a.pos[0])?;
    let e = int_arg(vm, heap, a.pos[1])?;
    let e = e
        .to_i32()
        .unwrap_or(if e.is_negative() { i32::MIN } else { i32::MAX });
    let r = x * 2f64.powi(e.clamp(-1100, 1100));
    let r = if e.abs() > 1023 && r.is_finite() && r != 0.0 {
        // Two steps so that subnormal results are not lost.
        x * 2f64.powi(e / 2) * 2f64.powi(e - e / 2)
    } else {
        r
    };
    if r.is_infinite() && x.is_finite() {
        return Err(range_error());
    }
    Ok(float(heap, r))
}

fn frexp(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let x = arg1(vm, heap, a)?;
    let (m, e) = if x == 0.0 || !x.is_finite() {
        (x, 0)
    } else {
        let bits = x.to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i32;
        if exp == 0 {
            // Subnormal: scale up first.
            let y = x * 2f64.powi(64);
            let bits = y.to_bits();
            let exp = ((bits >> 52) & 0x7ff) as i32;
            let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
            (m, exp - 1022 - 64)
        } else {
            let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
            (m, exp - 1022)
        }
    };
    let m = float(heap, m);
    let e = heap.int(i64::from(e));
    Ok(vm.new_tuple(heap, vec![m, e]))
}

fn modf(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let x = arg1(vm, heap, a)?;
    let (f, i) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else {
        (x.fract(), x.trunc())
    };
    let f = float(heap, f);
    let i = float(heap, i);
    Ok(vm.new_tuple(heap, vec![f, i]))
}

/// `floor`, `ceil`, `trunc`: ints from floats (exact ints pass through; `__floor__`...).
fn rounding(vm: &mut Vm, heap: &mut Heap, a: &Args, op: fn(f64) -> f64, dunder: &str) -> R<ObjId> {
    a.count(1, 1)?;
    let x = a.pos[0];
    if let Some(b) = vm.int_value(heap, x) {
        return Ok(int(heap, b));
    }
    if matches!(heap.kind(x), Kind::Instance(_)) {
        let class = vm.type_of(heap, x);
        if vm.lookup_type_attr(heap, class, dunder).is_some() {
            return vm.call_method_by_name(heap, x, dunder, &[]);
        }
        if dunder == "__trunc__" {
            let t = vm.type_name(heap, x);
            return Err(type_error(format!(
                "type {t} doesn't define __trunc__ method"
            )));
        }
    }
    let f = vm.float_of(heap, x)?;
    if f.is_infinite() {
        return Err(err(
            T::OverflowError,
            "cannot convert float infinity to integer",
        ));
    }
    if f.is_nan() {
        return Err(value_error("cannot convert float NaN to integer"));
    }
    Ok(int(heap, float_to_big(op(f))))
}

fn floor(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    rounding(vm, heap, a, f64::floor, "__floor__")
}

fn ceil(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    rounding(vm, heap, a, f64::ceil, "__ceil__")
}

fn trunc(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    rounding(vm, heap, a, f64::trunc, "__trunc__")
}

fn isnan(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let x = arg1(vm, heap, a)?;
    Ok(heap.bool(x.is_nan()))
}

fn isinf(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let x = arg1(vm, heap, a)?;
    Ok(heap.bool(x.is_infinite()))
}

fn isfinite(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let x = arg1(vm, heap, a)?;
    Ok(heap.bool(x.is_finite()))
}

fn isclose(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    a.only_kw(heap, &["rel_tol", "abs_tol"])?;
    let x = vm.float_of(heap, a.pos[0])?;
    let y = vm.float_of(heap, a.pos[1])?;
    let rel = match a.kw(heap, "rel_tol") {
        Some(v) => vm.float_of(heap, v)?,
        None => 1e-9,
    };
    let abs = match a.kw(heap, "abs_tol") {
        Some(v) => vm.float_of(heap, v)?,
        None => 0.0,
    };
    if rel < 0.0 || abs < 0.0 {
        return Err(value_error("tolerances must be non-negative"));
    }
    let r = if x == y {
        true
    } else if x.is_infinite() || y.is_infinite() {
        false
    } else {
        let diff = (y - x).abs();
        diff <= (rel * y).abs() || diff <= (rel * x).abs() || diff <= abs
    };
    Ok(heap.bool(r))
}

fn hypot(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let mut xs = Vec::with_capacity(a.pos.len());
    for &p in a.pos {
        xs.push(vm.float_of(heap, p)?);
    }
    if vm.minor < 8 && xs.len() != 2 {
        return Err(type_error("hypot expected 2 arguments"));
    }
    let r = if xs.iter().any(|x| x.is_infinite()) {
        f64::INFINITY
    } else {
        let max = xs.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        if max == 0.0 || max.is_nan() {
            max
        } else {
            let s: f64 = xs.iter().map(|x| (x / max) * (x / max)).sum();
            max * s.sqrt()
        }
    };
    Ok(float(heap, r))
}

fn dist(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    let p = vm.collect_iterable(heap, a.pos[0])?;
    let q = vm.collect_iterable(heap, a.pos[1]);
    let q = match q {
        Ok(q) => q,
        Err(e) => {
            heap.decref_all(vm, p);
            return Err(e);
        }
    };
    let mut r = Ok(0.0);
    if p.len() != q.len() {
        r = Err(value_error(
            "both points must have the same number of dimensions",
        ));
    } else {
        let mut diffs = Vec::new();
        for (&x, &y) in p.iter().zip(&q) {
            match (vm.float_of(heap, x), vm.float_of(heap, y)) {
                (Ok(x), Ok(y)) => diffs.push(x - y),
                (Err(e), _) | (_, Err(e)) => {
                    r = Err(e);
                    break;
                }
            }
        }
        if r.is_ok() {
            let max = diffs.iter().fold(0.0f64, |m, x| m.max(x.abs()));
            r = Ok(if max == 0.0 {
                0.0
            } else {
                max * diffs
                    .iter()
                    .map(|d| (d / max) * (d / max))
                    .sum::<f64>()
                    .sqrt()
            });
        }
    }
    heap.decref_all(vm, p);
    heap.decref_all(vm, q);
    Ok(float(heap, r?))
}

/// `math.fsum`: Shewchuk's exact summation (msum), as CPython's.
fn fsum(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let it = vm.get_iter(heap, a.pos[0])?;
    let mut partials: Vec<f64> = Vec::new();
    let mut special = 0.0f64;
    let mut inf_sum = 0.0f64;
    loop {
        let v = match vm.iter_next(heap, it) {
            Ok(Some(v)) => v,
            Ok(None) => break,
            Err(e) => {
                heap.decref(vm, it);
                return Err(e);
            }
        };
        let x = vm.float_of(heap, v);
        heap.decref(vm, v);
        let mut x = match x {
            Ok(x) => x,
            Err(e) => {
                heap.decref(vm, it);
                return Err(e);
            }
        };
        if !x.is_finite() {
            if x.is_infinite() {
                inf_sum += x;
            }
            special += x;
            continue;
        }
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        partials.push(x);
    }
    heap.decref(vm, it);
    if special != 0.0 {
        if inf_sum.is_nan() {
            return Err(value_error("-inf + inf in fsum"));
        }
        return Ok(float(heap, special));
    }
    let mut hi = 0.0;
    if let Some(mut n) = partials.len().checked_sub(1) {
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(float(heap, hi))
}

fn prod(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    a.only_kw(heap, &["start"])?;
    let mut acc = match a.kw(heap, "start") {
        Some(s) => {
            heap.incref(s);
            s
        }
        None => heap.int(1),
    };
    let it = match vm.get_iter(heap, a.pos[0]) {
        Ok(i) => i,
        Err(e) => {
            heap.decref(vm, acc);
            return Err(e);
        }
    };
    loop {
        let v = match vm.iter_next(heap, it) {
            Ok(Some(v)) => v,
            Ok(None) => break,
            Err(e) => {
                heap.decref(vm, it);
                heap.decref(vm, acc);
                return Err(e);
            }
        };
        let r = vm.binary_op(heap, crate::python::compiler::code::BinOp::Mul, acc, v);
        heap.decref(vm, v);
        heap.decref(vm, acc);
        match r {
            Ok(x) => acc = x,
            Err(e) => {
                heap.decref(vm, it);
                return Err(e);
            }
        }
    }
    heap.decref(vm, it);
    Ok(acc)
}

fn factorial(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let n = int_arg(vm, heap, a.pos[0])?;
    if n.is_negative() {
        return Err(value_error("factorial() not defined for negative values"));
    }
    let n = n.to_u64().ok_or_else(|| {
        err(
            T::OverflowError,
            "factorial() argument should not exceed 9223372036854775807",
        )
    })?;
    if n > 100_000 {
        return Err(super::super::exception::limit(
            "math.factorial of a number this large is beyond pymemsim's limits",
        ));
    }
    let mut r = BigInt::one();
    for k in 2..=n {
        r *= k;
    }
    Ok(int(heap, r))
}

fn gcd(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    if vm.minor < 9 && a.pos.len() != 2 {
        return Err(type_error(format!(
            "gcd expected 2 arguments, got {}",
            a.pos.len()
        )));
    }
    let mut g = BigInt::zero();
    for &x in a.pos {
        let v = int_arg(vm, heap, x)?;
        g = g.gcd(&v);
    }
    Ok(int(heap, g))
}

fn lcm(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let mut l = BigInt::one();
    for &x in a.pos {
        let v = int_arg(vm, heap, x)?;
        if v.is_zero() {
            l = BigInt::zero();
        } else if !l.is_zero() {
            l = l.lcm(&v);
        }
    }
    Ok(int(heap, l.abs()))
}

fn isqrt(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let n = int_arg(vm, heap, a.pos[0])?;
    if n.is_negative() {
        return Err(value_error("isqrt() argument must be nonnegative"));
    }
    Ok(int(heap, n.sqrt()))
}

fn comb_perm(vm: &mut Vm, heap: &mut Heap, a: &Args, comb: bool) -> R<ObjId> {
    a.count(if comb { 2 } else { 1 }, 2)?;
    let n = int_arg(vm, heap, a.pos[0])?;
    let k = match a.pos.get(1) {
        Some(&k) if !matches!(heap.kind(k), Kind::None) => int_arg(vm, heap, k)?,
        _ => n.clone(),
    };
    if n.is_negative() {
        return Err(value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(value_error("k must be a non-negative integer"));
    }
    if k > n {
        return Ok(heap.int(0));
    }
    let k = k.to_u64().unwrap_or(u64::MAX);
    let k = if comb {
        k.min((&n - BigInt::from(k)).to_u64().unwrap_or(u64::MAX))
    } else {
        k
    };
    if k > 100_000 {
        return Err(super::super::exception::limit(
            "math.comb/perm this large is beyond pymemsim's limits",
        ));
    }
    let mut r = BigInt::one();
    for i in 0..k {
        r *= &n - BigInt::from(i);
        if comb {
            r /= i + 1;
        }
    }
    Ok(int(heap, r))
}

fn comb(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    comb_perm(vm, heap, a, true)
}

fn perm(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    comb_perm(vm, heap, a, false)
}

/// `math` functions.
pub(crate) const DEFS: &[Def] = &[
    function(M, "sqrt", sqrt),
    function(M, "log", log),
    function(M, "log2", log2),
    function(M, "log10", log10),
    function(M, "log1p", log1p),
    function(M, "exp", exp),
    function(M, "exp2", exp2),
    function(M, "expm1", expm1),
    function(M, "sin", sin),
    function(M, "cos", cos),
    function(M, "tan", tan),
    function(M, "asin", asin),
    function(M, "acos", acos),
    function(M, "atan", atan),
    function(M, "atan2", atan2),
    function(M, "sinh", sinh),
    function(M, "cosh", cosh),
    function(M, "tanh", tanh),
    function(M, "cbrt", cbrt),
    function(M, "fabs", fabs),
    function(M, "degrees", degrees),
    function(M, "radians", radians),
    function(M, "pow", pow),
    function(M, "copysign", copysign),
    function(M, "fmod", fmod),
    function(M, "ldexp", ldexp),
    function(M, "frexp", frexp),
    function(M, "modf", modf),
    function(M, "floor", floor),
    function(M, "ceil", ceil),
    function(M, "trunc", trunc),
    function(M, "isnan", isnan),
    function(M, "isinf", isinf),
    function(M, "isfinite", isfinite),
    function(M, "isclose", isclose),
    function(M, "hypot", hypot),
    function(M, "dist", dist),
    function(M, "fsum", fsum),
    function(M, "prod", prod),
    function(M, "factorial", factorial),
    function(M, "gcd", gcd),
    function(M, "lcm", lcm),
    function(M, "isqrt", isqrt),
    function(M, "comb", comb),
    function(M, "perm", perm),
];
