//! `bytes` and `bytearray`: construction, indexing and slicing, item assignment of a
//! bytearray (with its separately allocated buffer), and the common methods.

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind};

use super::super::exception::{err, type_error, value_error, R};
use super::super::Vm;
use super::{classmethod, method, Args, Def, T};

fn data(heap: &Heap, o: ObjId) -> Vec<u8> {
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
                super::list::check_object_bytes(*n as u128)?;
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

    /// A new bytearray with these bytes (its buffer allocated as CPython's is).
    pub(crate) fn new_bytearray(&mut self, heap: &mut Heap, b: Vec<u8>) -> ObjId {
        let buf = if b.is_empty() {
            None
        } else {
            let n = b.len() as u64 + 1;
            Some((heap.alloc.malloc(n, &mut heap.log), n))
        };
        heap.new_plain(Kind::ByteArray(b, buf))
    }

    /// `PyByteArray_Resize` to `size` bytes: the buffer grows by an eighth (plus a little) when
    /// it must, shrinks to fit when less than half is used, else stays.
    pub(crate) fn bytearray_resize(&mut self, heap: &mut Heap, o: ObjId, size: usize) {
        let alloc = match heap.kind(o) {
            Kind::ByteArray(_, buf) => buf.map_or(0, |b| b.1) as usize,
            _ => return,
        };
        let new_alloc = if size < alloc {
            if size < alloc / 2 {
                size + 1
            } else {
                return;
            }
        } else if (size as f64) <= alloc as f64 * 1.125 {
            size + (size >> 3) + if size < 9 { 3 } else { 6 }
        } else {
            size + 1
        };
        let old = match &mut heap.get_mut(o).kind {
            Kind::ByteArray(_, buf) => buf.take(),
            _ => None,
        };
        let block = if new_alloc == 0 {
            None
        } else {
            Some((
                heap.alloc.malloc(new_alloc as u64, &mut heap.log),
                new_alloc as u64,
            ))
        };
        if let Some((b, _)) = old {
            heap.alloc.free(b, &mut heap.log);
        }
        if let Kind::ByteArray(_, buf) = &mut heap.get_mut(o).kind {
            *buf = block;
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

    /// `ba[key] = value` (value stolen).
    pub(crate) fn bytearray_setitem(
        &mut self,
        heap: &mut Heap,
        o: ObjId,
        key: ObjId,
        value: ObjId,
    ) -> R<()> {
        let n = data(heap, o).len();
        let v = self.index_value(heap, value);
        heap.decref(self, value);
        let v = v?;
        if !(0..256).contains(&v) {
            return Err(value_error("byte must be in range(0, 256)"));
        }
        match self.seq_index(heap, key, n, "bytearray")? {
            Some(i) => {
                if let Kind::ByteArray(b, _) = &mut heap.get_mut(o).kind {
                    b[i] = v as u8;
                }
                Ok(())
            }
            None => Err(err(T::IndexError, "bytearray index out of range")),
        }
    }

    /// `del ba[key]`.
    pub(crate) fn bytearray_delitem(&mut self, heap: &mut Heap, o: ObjId, key: ObjId) -> R<()> {
        let n = data(heap, o).len();
        match self.seq_index(heap, key, n, "bytearray")? {
            Some(i) => {
                if let Kind::ByteArray(b, _) = &mut heap.get_mut(o).kind {
                    b.remove(i);
                }
                self.bytearray_resize(heap, o, n - 1);
                Ok(())
            }
            None => Err(err(T::IndexError, "bytearray index out of range")),
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

fn append(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let v = vm.index_value(heap, a.pos[0])?;
    if !(0..256).contains(&v) {
        return Err(value_error("byte must be in range(0, 256)"));
    }
    let o = a.this();
    let len = data(heap, o).len();
    vm.bytearray_resize(heap, o, len + 1);
    if let Kind::ByteArray(b, _) = &mut heap.get_mut(o).kind {
        b.push(v as u8);
    }
    Ok(heap.none())
}

fn extend(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let more = vm.bytes_from(heap, Some(a.pos[0]), None)?;
    let len = data(heap, a.this()).len();
    vm.bytearray_resize(heap, a.this(), len + more.len());
    if let Kind::ByteArray(b, _) = &mut heap.get_mut(a.this()).kind {
        b.extend(more);
    }
    Ok(heap.none())
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
    method(T::ByteArray, "append", append),
    method(T::ByteArray, "extend", extend),
    method(T::ByteArray, "count", b_count),
];
