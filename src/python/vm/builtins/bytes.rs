//! `bytes` and `bytearray`: construction, indexing and slicing, and the methods they share
//! (`bytearray`'s buffer and its mutations are in `bytearray`).

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind};

use super::super::exception::{err, type_error, value_error, R};
use super::super::Vm;
use super::{classmethod, method, Args, Def, T};

pub(super) fn data(heap: &Heap, o: ObjId) -> Vec<u8> {
    match heap.kind(o) {
        Kind::Bytes(b) => b.to_vec(),
        Kind::ByteArray(b, _) => b.clone(),
        _ => Vec::new(),
    }
}

impl Vm {
    /// The bytes of `bytes(x)` / `bytearray(x)`.
    pub(crate) fn bytes_from(
        &mut self,
        heap: &mut Heap,
        x: Option<ObjId>,
        encoding: Option<ObjId>,
    ) -> R<Vec<u8>> {
        let Some(x) = x else {
            return Ok(Vec::new());
        };
        match heap.kind(x) {
            Kind::Bytes(b) => Ok(b.to_vec()),
            Kind::ByteArray(b, _) => Ok(b.clone()),
            Kind::Str(s) => {
                if encoding.is_none() {
                    return Err(type_error("string argument without an encoding"));
                }
                Ok(s.as_bytes().to_vec())
            }
            Kind::Int(IntVal::Small(n)) => {
                if *n < 0 {
                    return Err(value_error("negative count"));
                }
                super::list::check_object_bytes(heap, *n as u128)?;
                Ok(vec![0; *n as usize])
            }
            _ => {
                let items = self.collect_iterable(heap, x)?;
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    let v = self.index_value(heap, i);
                    heap.decref(self, i);
                    let v = v?;
                    if !(0..256).contains(&v) {
                        return Err(value_error("bytes must be in range(0, 256)"));
                    }
                    out.push(v as u8);
                }
                Ok(out)
            }
        }
    }

    /// `b[key]` for bytes and bytearray.
    pub(crate) fn bytes_getitem(&mut self, heap: &mut Heap, o: ObjId, key: ObjId) -> R<ObjId> {
        let d = data(heap, o);
        let is_array = matches!(heap.kind(o), Kind::ByteArray(..));
        if let Some(r) = self.slice_range(heap, key, d.len())? {
            let out: Vec<u8> = r.indices().map(|i| d[i]).collect();
            if is_array {
                return Ok(self.new_bytearray(heap, out));
            }
            return Ok(heap.bytes(&out));
        }
        match self.seq_index(
            heap,
            key,
            d.len(),
            if is_array { "bytearray" } else { "byte" },
        )? {
            Some(i) => Ok(heap.int(i64::from(d[i]))),
            None => Err(err(
                T::IndexError,
                if is_array {
                    "bytearray index out of range"
                } else {
                    "index out of range"
                },
            )),
        }
    }
}

fn decode(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let d = data(heap, a.this());
    match String::from_utf8(d) {
        Ok(s) => Ok(heap.str(&s)),
        Err(e) => {
            let pos = e.utf8_error().valid_up_to();
            let byte = e.as_bytes()[pos];
            Err(err(
                T::UnicodeError,
                format!("'utf-8' codec can't decode byte 0x{byte:02x} in position {pos}: invalid start byte"),
            ))
        }
    }
}

fn hex(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let d = data(heap, a.this());
    let s: String = d.iter().map(|b| format!("{b:02x}")).collect();
    Ok(heap.str(&s))
}

fn fromhex(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let s = vm.str_value(heap, a.pos[0]);
    let clean: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = Vec::new();
    let chars: Vec<char> = clean.chars().collect();
    for pair in chars.chunks(2) {
        let t: String = pair.iter().collect();
        out.push(
            u8::from_str_radix(&t, 16)
                .map_err(|_| value_error("non-hexadecimal number found in fromhex() arg"))?,
        );
    }
    Ok(heap.bytes(&out))
}

fn b_join(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let sep = data(heap, a.this());
    let items = vm.collect_iterable(heap, a.pos[0])?;
    let mut out = Vec::new();
    for (i, &it) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend(data(heap, it));
    }
    for it in items {
        heap.decref(vm, it);
    }
    Ok(heap.bytes(&out))
}

fn b_upper(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let d = data(heap, a.this()).to_ascii_uppercase();
    Ok(heap.bytes(&d))
}

fn b_lower(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let d = data(heap, a.this()).to_ascii_lowercase();
    Ok(heap.bytes(&d))
}

fn b_count(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let d = data(heap, a.this());
    let n = match heap.kind(a.pos[0]) {
        Kind::Int(IntVal::Small(v)) => d.iter().filter(|&&b| i64::from(b) == *v).count(),
        _ => {
            let sub = vm.bytes_from(heap, Some(a.pos[0]), None)?;
            if sub.is_empty() {
                d.len() + 1
            } else {
                d.windows(sub.len())
                    .filter(|w| *w == sub.as_slice())
                    .count()
            }
        }
    };
    Ok(heap.int(n as i64))
}

fn b_startswith(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let d = data(heap, a.this());
    let p = vm.bytes_from(heap, Some(a.pos[0]), None)?;
    Ok(heap.bool(d.starts_with(&p)))
}

fn b_endswith(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let d = data(heap, a.this());
    let p = vm.bytes_from(heap, Some(a.pos[0]), None)?;
    Ok(heap.bool(d.ends_with(&p)))
}

/// `bytes` and `bytearray` methods.
pub(crate) const DEFS: &[Def] = &[
    method(T::Bytes, "decode", decode),
    method(T::Bytes, "hex", hex),
    method(T::Bytes, "join", b_join),
    method(T::Bytes, "upper", b_upper),
    method(T::Bytes, "lower", b_lower),
    method(T::Bytes, "count", b_count),
    method(T::Bytes, "startswith", b_startswith),
    method(T::Bytes, "endswith", b_endswith),
    classmethod(T::Bytes, "fromhex", fromhex),
    method(T::ByteArray, "decode", decode),
    method(T::ByteArray, "hex", hex),
    method(T::ByteArray, "count", b_count),
];
