//! Hashes exactly as CPython computes them (`Python/pyhash.c`, `Objects/longobject.c`,
//! `tupleobject.c`, `setobject.c`): ints modulo the Mersenne prime 2^61 − 1, floats by their
//! fraction, tuples by the xxHash-style combination, frozensets by shuffled bits, and str and
//! bytes by SipHash (SipHash-2-4 up to 3.10, SipHash-1-3 from 3.11) keyed as `PYTHONHASHSEED`
//! keys it (0: no randomization, the key is zero). Set iteration order follows from them.

use num_bigint::BigInt;
use num_integer::Integer as _;
use num_traits::{Signed as _, ToPrimitive as _};

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind};

use super::builtins::T;
use super::exception::{type_error, R};
use super::Vm;

/// `_PyHASH_MODULUS`: 2^61 − 1.
pub(crate) const MODULUS: u64 = (1 << 61) - 1;
const INF: i64 = 314_159;

/// The SipHash key CPython derives from `PYTHONHASHSEED` (`lcg_urandom`; 0 disables
/// randomization: the key is all zero).
pub(crate) fn key_from_seed(seed: u32) -> (u64, u64) {
    if seed == 0 {
        return (0, 0);
    }
    let mut x = seed;
    let mut bytes = [0u8; 16];
    for b in bytes.iter_mut() {
        x = x.wrapping_mul(214_013).wrapping_add(2_531_011);
        *b = ((x >> 16) & 0xff) as u8;
    }
    (
        u64::from_le_bytes(bytes[..8].try_into().unwrap_or([0; 8])),
        u64::from_le_bytes(bytes[8..].try_into().unwrap_or([0; 8])),
    )
}

fn half_round(a: &mut u64, b: &mut u64, c: &mut u64, d: &mut u64, s: u32, t: u32) {
    *a = a.wrapping_add(*b);
    *c = c.wrapping_add(*d);
    *b = b.rotate_left(s) ^ *a;
    *d = d.rotate_left(t) ^ *c;
    *a = a.rotate_left(32);
}

fn round(v: &mut [u64; 4]) {
    let [v0, v1, v2, v3] = v;
    half_round(v0, v1, v2, v3, 13, 16);
    half_round(v2, v1, v0, v3, 17, 21);
}

/// SipHash with `c` compression and `d` finalization rounds.
fn siphash(k: (u64, u64), data: &[u8], c: usize, d: usize) -> u64 {
    let (k0, k1) = k;
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    let mut b = (data.len() as u64) << 56;
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let mi = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        v[3] ^= mi;
        for _ in 0..c {
            round(&mut v);
        }
        v[0] ^= mi;
    }
    let mut t = [0u8; 8];
    let rest = chunks.remainder();
    t[..rest.len()].copy_from_slice(rest);
    b |= u64::from_le_bytes(t);
    v[3] ^= b;
    for _ in 0..c {
        round(&mut v);
    }
    v[0] ^= b;
    v[2] ^= 0xff;
    for _ in 0..d {
        round(&mut v);
    }
    (v[0] ^ v[1]) ^ (v[2] ^ v[3])
}

/// `_Py_HashBytes`: SipHash of the bytes (0 for none), never −1.
pub(crate) fn hash_bytes(key: (u64, u64), minor: u8, data: &[u8]) -> i64 {
    if data.is_empty() {
        return 0;
    }
    let h = if minor >= 11 {
        siphash(key, data, 1, 3)
    } else {
        siphash(key, data, 2, 4)
    } as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// A str's hash: SipHash over its canonical representation (one, two or four bytes per
/// character, as the widest character needs).
pub(crate) fn hash_str(key: (u64, u64), minor: u8, s: &str) -> i64 {
    let max = s.chars().map(|c| c as u32).max().unwrap_or(0);
    let data: Vec<u8> = if max < 0x100 {
        s.chars().map(|c| c as u8).collect()
    } else if max < 0x10000 {
        s.chars().flat_map(|c| (c as u16).to_le_bytes()).collect()
    } else {
        s.chars().flat_map(|c| (c as u32).to_le_bytes()).collect()
    };
    hash_bytes(key, minor, &data)
}

/// An int's hash (`long_hash`).
pub(crate) fn hash_int(v: &IntVal) -> i64 {
    let h = match v {
        IntVal::Small(i) => {
            let m = (i.unsigned_abs() % MODULUS) as i64;
            if *i < 0 {
                -m
            } else {
                m
            }
        }
        IntVal::Big(b) => {
            let m = b.abs().mod_floor(&BigInt::from(MODULUS));
            let m = m.to_i64().unwrap_or(0);
            if b.is_negative() {
                -m
            } else {
                m
            }
        }
    };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// A float's hash (`_Py_HashDouble`); NaN hashes by identity (3.10+) or to 0 (before).
pub(crate) fn hash_float(v: f64, nan_identity: Option<i64>) -> i64 {
    if v.is_nan() {
        return nan_identity.unwrap_or(0);
    }
    if v.is_infinite() {
        return if v > 0.0 { INF } else { -INF };
    }
    let (mut m, mut e) = frexp(v);
    let mut sign = 1i64;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (61 - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 { e % 61 } else { 60 - ((-1 - e) % 61) };
    x = ((x << e) & MODULUS) | (x >> (61 - e));
    let h = x as i64 * sign;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `frexp`: m in [0.5, 1) and e with v = m * 2^e.
fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 || !v.is_finite() {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(v * (1u64 << 54) as f64);
        return (m, e - 54);
    }
    let e = exp - 1022;
    let m_bits = (bits & !(0x7ff << 52)) | (1022 << 52);
    (f64::from_bits(m_bits), e)
}

/// Combines item hashes as `tuplehash` does.
pub(crate) fn hash_tuple(items: &[i64]) -> i64 {
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P5: u64 = 2_870_177_450_012_600_261;
    let mut acc = P5;
    for &h in items {
        acc = acc.wrapping_add((h as u64).wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add((items.len() as u64) ^ (P5 ^ 3_527_539));
    if acc == u64::MAX {
        return 1_546_275_796;
    }
    acc as i64
}

fn shuffle_bits(h: u64) -> u64 {
    ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167)
}

/// A frozenset's hash from its items' hashes (`frozenset_hash`).
pub(crate) fn hash_frozenset(hashes: &[i64]) -> i64 {
    let mut hash: u64 = 0;
    for &h in hashes {
        hash ^= shuffle_bits(h as u64);
    }
    hash ^= (hashes.len() as u64 + 1).wrapping_mul(1_927_868_237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
    if hash == u64::MAX {
        return 590_923_713;
    }
    hash as i64
}

/// `_Py_HashPointer`: an address rotated by four bits.
pub(crate) fn hash_pointer(addr: u64) -> i64 {
    let y = addr.rotate_right(4) as i64;
    if y == -1 {
        -2
    } else {
        y
    }
}

impl Vm {
    /// `hash(obj)`: the builtin types' hashes, or a class's `__hash__`.
    pub(crate) fn hash_of(&mut self, heap: &mut Heap, obj: ObjId) -> R<i64> {
        let minor = self.minor;
        match heap.kind(obj) {
            Kind::Int(v) => Ok(hash_int(v)),
            Kind::Bool(b) => Ok(i64::from(*b)),
            Kind::Float(f) => {
                let f = *f;
                let addr = heap.get(obj).addr;
                Ok(hash_float(f, (minor >= 10).then(|| hash_pointer(addr))))
            }
            Kind::Complex(re, im) => {
                let (re, im) = (*re, *im);
                let hr = hash_float(re, None) as u64;
                let hi = hash_float(im, None) as u64;
                let h = hr.wrapping_add(1_000_003u64.wrapping_mul(hi)) as i64;
                Ok(if h == -1 { -2 } else { h })
            }
            Kind::Str(s) => Ok(hash_str(self.hash_key, minor, s)),
            Kind::Bytes(b) => Ok(hash_bytes(self.hash_key, minor, b)),
            Kind::None if minor >= 12 => Ok(0xFCA8_6420),
            Kind::Tuple(items) => {
                let items = items.clone();
                let mut hs = Vec::with_capacity(items.len());
                for it in items {
                    hs.push(self.hash_of(heap, it)?);
                }
                Ok(hash_tuple(&hs))
            }
            Kind::PySet(d) if d.frozen => {
                let hs: Vec<i64> = d
                    .table
                    .iter()
                    .filter(|e| {
                        e.key != crate::engine::object::NO_OBJ
                            && e.key != crate::engine::object::SET_DUMMY
                    })
                    .map(|e| e.hash)
                    .collect();
                Ok(hash_frozenset(&hs))
            }
            Kind::List(..) | Kind::Dict(_) | Kind::ByteArray(..) | Kind::PySet(_) => {
                let t = self.type_name(heap, obj);
                Err(self.unhashable(&t))
            }
            Kind::Instance(_) | Kind::Exception(_) => self.instance_hash(heap, obj),
            Kind::Native(n) if n.ty == super::builtins::T::Deque as u16 => {
                Err(self.unhashable("collections.deque"))
            }
            // `weakref_hash`: the referent's hash, kept from the first call on.
            Kind::WeakRef(target, _, t) if *t == T::WeakRef as u16 => {
                if let Some(&h) = self.weakref_hashes.get(&obj.0) {
                    return Ok(h);
                }
                let Some(target) = *target else {
                    return Err(type_error("weak object has gone away"));
                };
                heap.incref(target);
                let h = self.hash_of(heap, target);
                heap.decref(self, target);
                let h = h?;
                self.weakref_hashes.insert(obj.0, h);
                Ok(h)
            }
            Kind::Method(func, this) => {
                let (func, this) = (*func, *this);
                let a = self.hash_of(heap, this)?;
                let b = hash_pointer(heap.get(func).addr);
                let h = a ^ b;
                Ok(if h == -1 { -2 } else { h })
            }
            _ => Ok(hash_pointer(heap.get(obj).addr)),
        }
    }

    /// The error for an unhashable value.
    pub(crate) fn unhashable(&self, t: &str) -> super::exception::Exc {
        type_error(format!("unhashable type: '{t}'"))
    }

    /// An instance's hash: its class's `__hash__`, `None` when it defines `__eq__` without
    /// `__hash__`, else the identity hash.
    fn instance_hash(&mut self, heap: &mut Heap, obj: ObjId) -> R<i64> {
        let class = self.type_of(heap, obj);
        match self.lookup_type_attr(heap, class, "__hash__") {
            Some(h) if matches!(heap.kind(h), Kind::None) => {
                let t = self.type_name(heap, obj);
                Err(self.unhashable(&t))
            }
            Some(h) if matches!(heap.kind(h), Kind::Function(_)) => {
                let r = self.call1(heap, h, &[obj])?;
                // `slot_tp_hash`: a result that fits a Py_ssize_t is the hash itself (-1
                // becomes -2); a larger int is hashed.
                let v = match heap.kind(r) {
                    Kind::Int(crate::engine::object::IntVal::Small(v)) => {
                        Ok(if *v == -1 { -2 } else { *v })
                    }
                    Kind::Int(v) => Ok(hash_int(v)),
                    Kind::Bool(b) => Ok(i64::from(*b)),
                    _ => Err(type_error("__hash__ method should return an integer")),
                };
                heap.decref(self, r);
                v
            }
            _ => {
                if self
                    .lookup_type_attr(heap, class, "__eq__")
                    .is_some_and(|e| matches!(heap.kind(e), Kind::Function(_)))
                    && self.class_defines_eq_without_hash(heap, class)
                {
                    let t = self.type_name(heap, obj);
                    return Err(self.unhashable(&t));
                }
                Ok(hash_pointer(heap.get(obj).addr))
            }
        }
    }

    /// A class sets `__hash__ = None` when it defines `__eq__` but not `__hash__` (type_new
    /// does); found along the MRO.
    fn class_defines_eq_without_hash(&self, heap: &Heap, class: ObjId) -> bool {
        for c in self.mro_of(heap, class) {
            if let Kind::Class(cd) = heap.kind(c) {
                let has_eq = heap.dict_get_str(cd.dict, "__eq__").is_some();
                let has_hash = heap.dict_get_str(cd.dict, "__hash__").is_some();
                if has_hash {
                    return false;
                }
                if has_eq {
                    return true;
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values printed by CPython 3.8/3.10 (SipHash-2-4) and 3.11+ (SipHash-1-3) under
    /// `PYTHONHASHSEED=0`.
    #[test]
    fn str_and_bytes_hashes_match_cpython() {
        let k = key_from_seed(0);
        assert_eq!(hash_str(k, 10, "a"), -7_583_489_610_679_606_711);
        assert_eq!(hash_str(k, 10, "hello"), -8_304_253_580_878_589_255);
        assert_eq!(hash_str(k, 10, "é"), 4_954_367_630_624_915_103);
        assert_eq!(hash_str(k, 10, "€x"), -3_982_534_550_712_167_977);
        assert_eq!(hash_bytes(k, 10, b"abc"), 4_596_069_200_710_135_518);
        assert_eq!(hash_str(k, 11, "a"), 4_644_417_185_603_328_019);
        assert_eq!(hash_str(k, 11, "hello"), -2_096_571_579_003_691_106);
        assert_eq!(hash_str(k, 11, "€x"), -483_395_623_852_268_653);
        assert_eq!(hash_bytes(k, 11, b"abc"), -4_594_863_902_769_663_758);
        assert_eq!(hash_str(k, 11, ""), 0);
        // PYTHONHASHSEED=1 on 3.11.
        let k1 = key_from_seed(1);
        assert_eq!(hash_str(k1, 11, "a"), -3_012_895_188_637_184_397);
    }

    #[test]
    fn number_and_tuple_hashes_match_cpython() {
        assert_eq!(hash_int(&IntVal::Small(-1)), -2);
        assert_eq!(hash_int(&IntVal::Big(BigInt::from(1u64 << 61))), 1);
        assert_eq!(hash_float(1.5, None), 1_152_921_504_606_846_977);
        assert_eq!(hash_tuple(&[1, 2]), -3_550_055_125_485_641_917);
        assert_eq!(hash_frozenset(&[1, 2, 3]), -272_375_401_224_217_160);
    }
}
