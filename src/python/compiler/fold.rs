//! Compile-time constant folding, as CPython's optimizer does it (`Python/ast_opt.c` up to 3.13,
//! the flow-graph optimizer from 3.14): unary and binary operations on constants within its
//! size limits, tuples of constants, and subscripts of constant sequences. What folds becomes
//! one constant of the code object, created when the code is, not when it runs.

use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer as _;
use num_traits::{Signed as _, ToPrimitive as _, Zero as _};
use rustpython_parser::ast::{self, Expr};

use super::code::Const;
use crate::engine::object::IntVal;

/// `MAX_INT_SIZE` (bits), `MAX_STR_SIZE`, `MAX_COLLECTION_SIZE`, `MAX_TOTAL_ITEMS`.
const MAX_INT_BITS: u64 = 128;
const MAX_STR_SIZE: usize = 4096;
const MAX_COLLECTION_SIZE: usize = 256;
const MAX_TOTAL_ITEMS: usize = 1024;

/// The parser's constant as a code constant.
pub(crate) fn constant(c: &ast::Constant) -> Const {
    match c {
        ast::Constant::None => Const::None,
        ast::Constant::Bool(b) => Const::Bool(*b),
        ast::Constant::Str(s) => Const::Str(Rc::from(s.as_str())),
        ast::Constant::Bytes(b) => Const::Bytes(Rc::from(b.as_slice())),
        ast::Constant::Int(i) => Const::Int(IntVal::from_big(to_big(i))),
        ast::Constant::Tuple(items) => Const::Tuple(items.iter().map(constant).collect()),
        ast::Constant::Float(f) => Const::Float(*f),
        ast::Constant::Complex { real, imag } => Const::Complex(*real, *imag),
        ast::Constant::Ellipsis => Const::Ellipsis,
    }
}

/// The parser's big integers (malachite) as the engine's (num-bigint).
fn to_big(i: &impl std::fmt::Display) -> BigInt {
    BigInt::parse_bytes(i.to_string().as_bytes(), 10).unwrap_or_default()
}

/// The constant an expression folds to, if it folds (plain constants included). Every version
/// folds the same expressions so far; `minor` is where one would differ.
#[allow(clippy::only_used_in_recursion)]
pub(crate) fn fold_expr(e: &Expr, minor: u8) -> Option<Const> {
    match e {
        Expr::Constant(c) => Some(constant(&c.value)),
        Expr::Tuple(t) => {
            if t.elts.iter().any(|x| matches!(x, Expr::Starred(_))) {
                return None;
            }
            Some(Const::Tuple(
                t.elts
                    .iter()
                    .map(|x| fold_expr(x, minor))
                    .collect::<Option<Vec<_>>>()?
                    .into(),
            ))
        }
        Expr::UnaryOp(u) => {
            // Only operands that fold.
            if !matches!(
                &*u.operand,
                Expr::Constant(_) | Expr::UnaryOp(_) | Expr::BinOp(_) | Expr::Tuple(_)
            ) {
                return None;
            }
            let v = fold_expr(&u.operand, minor)?;
            unary(u.op, v)
        }
        Expr::BinOp(b) => {
            let (l, r) = (fold_expr(&b.left, minor)?, fold_expr(&b.right, minor)?);
            binary(b.op, l, r)
        }
        Expr::Subscript(s) => {
            // `"abc"[0]`, `(1, 2)[1]`
            let v = fold_expr(&s.value, minor)?;
            let k = fold_expr(&s.slice, minor)?;
            subscript(v, k)
        }
        _ => None,
    }
}

fn unary(op: ast::UnaryOp, v: Const) -> Option<Const> {
    match (op, v) {
        (ast::UnaryOp::USub, Const::Int(i)) => Some(Const::Int(IntVal::from_big(-i.to_big()))),
        (ast::UnaryOp::USub, Const::Float(f)) => Some(Const::Float(-f)),
        (ast::UnaryOp::USub, Const::Complex(a, b)) => Some(Const::Complex(-a, -b)),
        (ast::UnaryOp::UAdd, c @ (Const::Int(_) | Const::Float(_) | Const::Complex(..))) => Some(c),
        (ast::UnaryOp::Invert, Const::Int(i)) => {
            Some(Const::Int(IntVal::from_big(-i.to_big() - 1)))
        }
        (ast::UnaryOp::Invert, Const::Bool(b)) => {
            Some(Const::Int(IntVal::Small(-i64::from(b) - 1)))
        }
        (ast::UnaryOp::USub, Const::Bool(b)) => Some(Const::Int(IntVal::Small(-i64::from(b)))),
        (ast::UnaryOp::UAdd, Const::Bool(b)) => Some(Const::Int(IntVal::Small(i64::from(b)))),
        (ast::UnaryOp::Not, c) => truth(&c).map(|t| Const::Bool(!t)),
        _ => None,
    }
}

fn truth(c: &Const) -> Option<bool> {
    Some(match c {
        Const::None => false,
        Const::Bool(b) => *b,
        Const::Int(i) => *i != IntVal::Small(0),
        Const::Float(f) => *f != 0.0,
        Const::Str(s) => !s.is_empty(),
        Const::Bytes(b) => !b.is_empty(),
        Const::Tuple(t) => !t.is_empty(),
        _ => return None,
    })
}

fn as_int(c: &Const) -> Option<BigInt> {
    match c {
        Const::Int(i) => Some(i.to_big()),
        Const::Bool(b) => Some(BigInt::from(u8::from(*b))),
        _ => None,
    }
}

fn as_float(c: &Const) -> Option<f64> {
    match c {
        Const::Float(f) => Some(*f),
        other => as_int(other)?.to_f64(),
    }
}

fn binary(op: ast::Operator, l: Const, r: Const) -> Option<Const> {
    use ast::Operator as O;
    if let (Some(x), Some(y)) = (as_int(&l), as_int(&r)) {
        if matches!(l, Const::Int(_) | Const::Bool(_))
            && matches!(r, Const::Int(_) | Const::Bool(_))
        {
            return int_binary(op, x, y);
        }
    }
    match (&l, &r) {
        (Const::Str(x), Const::Str(y)) if op == O::Add => {
            if x.chars().count() + y.chars().count() > MAX_STR_SIZE {
                return None;
            }
            Some(Const::Str(Rc::from(format!("{x}{y}"))))
        }
        (Const::Bytes(x), Const::Bytes(y)) if op == O::Add => {
            if x.len() + y.len() > MAX_STR_SIZE {
                return None;
            }
            Some(Const::Bytes(x.iter().chain(y.iter()).copied().collect()))
        }
        (Const::Str(x), n @ (Const::Int(_) | Const::Bool(_)))
        | (n @ (Const::Int(_) | Const::Bool(_)), Const::Str(x))
            if op == O::Mult =>
        {
            let n = as_int(n)?.to_i64()?.max(0) as usize;
            if x.chars().count().saturating_mul(n) > MAX_STR_SIZE {
                return None;
            }
            Some(Const::Str(Rc::from(x.repeat(n))))
        }
        (Const::Bytes(x), n @ (Const::Int(_) | Const::Bool(_)))
        | (n @ (Const::Int(_) | Const::Bool(_)), Const::Bytes(x))
            if op == O::Mult =>
        {
            let n = as_int(n)?.to_i64()?.max(0) as usize;
            if x.len().saturating_mul(n) > MAX_STR_SIZE {
                return None;
            }
            Some(Const::Bytes(x.repeat(n).into()))
        }
        (Const::Tuple(x), Const::Tuple(y)) if op == O::Add => {
            if x.len() + y.len() > MAX_COLLECTION_SIZE {
                return None;
            }
            Some(Const::Tuple(x.iter().chain(y.iter()).cloned().collect()))
        }
        (Const::Tuple(x), n @ (Const::Int(_) | Const::Bool(_)))
        | (n @ (Const::Int(_) | Const::Bool(_)), Const::Tuple(x))
            if op == O::Mult =>
        {
            let n = as_int(n)?.to_i64()?.max(0) as usize;
            if !x.is_empty()
                && (x.len().saturating_mul(n) > MAX_COLLECTION_SIZE
                    || x.len().saturating_mul(n) > MAX_TOTAL_ITEMS)
            {
                return None;
            }
            let n = if x.is_empty() { 0 } else { n };
            Some(Const::Tuple(
                (0..n).flat_map(|_| x.iter().cloned()).collect(),
            ))
        }
        (Const::Str(s), v) if op == O::Mod => {
            // `"%d" % 3` folds in 3.12+ only for simple cases; leave it to run time.
            let _ = (s, v);
            None
        }
        (
            Const::Int(_) | Const::Float(_) | Const::Bool(_),
            Const::Int(_) | Const::Float(_) | Const::Bool(_),
        ) => {
            let (x, y) = (as_float(&l)?, as_float(&r)?);
            let v = match op {
                O::Add => x + y,
                O::Sub => x - y,
                O::Mult => x * y,
                O::Div if y != 0.0 => x / y,
                O::FloorDiv if y != 0.0 => (x / y).floor(),
                O::Mod if y != 0.0 => {
                    let m = x % y;
                    if m != 0.0 && ((m < 0.0) != (y < 0.0)) {
                        m + y
                    } else {
                        m
                    }
                }
                O::Pow if !((x == 0.0 && y < 0.0) || (x < 0.0 && y.fract() != 0.0)) => {
                    let v = x.powf(y);
                    if v.is_infinite() && x.is_finite() && y.is_finite() {
                        return None;
                    }
                    v
                }
                _ => return None,
            };
            Some(Const::Float(v))
        }
        _ => None,
    }
}

fn int_binary(op: ast::Operator, x: BigInt, y: BigInt) -> Option<Const> {
    use ast::Operator as O;
    let bits = |v: &BigInt| v.bits();
    let v = match op {
        O::Add => x + y,
        O::Sub => x - y,
        O::Mult => {
            if bits(&x) > 0 && bits(&y) > 0 && bits(&x) + bits(&y) > MAX_INT_BITS {
                return None;
            }
            x * y
        }
        O::FloorDiv if !y.is_zero() => x.div_floor(&y),
        O::Mod if !y.is_zero() => x.mod_floor(&y),
        O::Div if !y.is_zero() => {
            let v = x.to_f64()? / y.to_f64()?;
            return Some(Const::Float(v));
        }
        O::Pow => {
            if y.is_negative() {
                if x.is_zero() {
                    return None;
                }
                return Some(Const::Float(x.to_f64()?.powf(y.to_f64()?)));
            }
            let e = y.to_u64()?;
            if bits(&x) > 1 && e > MAX_INT_BITS / bits(&x) {
                return None;
            }
            if bits(&x) > 1 && bits(&x) * e > MAX_INT_BITS {
                return None;
            }
            num_traits::pow(x, e as usize)
        }
        O::LShift => {
            if y.is_negative() {
                return None;
            }
            let sh = y.to_u64()?;
            if sh > MAX_INT_BITS || bits(&x) > MAX_INT_BITS - sh {
                return None;
            }
            x << sh
        }
        O::RShift => {
            if y.is_negative() {
                return None;
            }
            x >> y.to_u64().unwrap_or(u64::MAX).min(1 << 20)
        }
        O::BitAnd => x & y,
        O::BitOr => x | y,
        O::BitXor => x ^ y,
        _ => return None,
    };
    Some(Const::Int(IntVal::from_big(v)))
}

fn subscript(v: Const, k: Const) -> Option<Const> {
    let i = match &k {
        Const::Int(IntVal::Small(i)) => *i,
        _ => return None,
    };
    match v {
        Const::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            let n = chars.len() as i64;
            let j = if i < 0 { i + n } else { i };
            if j < 0 || j >= n {
                return None;
            }
            Some(Const::Str(Rc::from(chars[j as usize].to_string())))
        }
        Const::Tuple(items) => {
            let n = items.len() as i64;
            let j = if i < 0 { i + n } else { i };
            if j < 0 || j >= n {
                return None;
            }
            Some(items[j as usize].clone())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(src: &str) -> Option<Const> {
        let e = rustpython_parser::parse(src, rustpython_parser::Mode::Expression, "t").unwrap();
        let ast::Mod::Expression(e) = e else { panic!() };
        fold_expr(&e.body, 11)
    }

    #[test]
    fn folds_within_the_optimizer_limits() {
        assert_eq!(folded("2 ** 10"), Some(Const::Int(IntVal::Small(1024))));
        assert_eq!(folded("-5"), Some(Const::Int(IntVal::Small(-5))));
        assert_eq!(folded("'ab' * 3"), Some(Const::Str(Rc::from("ababab"))));
        assert!(
            folded("'ab' * 3000").is_none(),
            "a 6000-character result is not folded"
        );
        assert!(
            folded("2 ** 200").is_none(),
            "a 200-bit result is not folded"
        );
        assert!(folded("1 / 0").is_none());
        assert_eq!(folded("(1, 2)[1]"), Some(Const::Int(IntVal::Small(2))));
        assert!(folded("x + 1").is_none());
    }
}
