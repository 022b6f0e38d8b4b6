//! `bytearray`'s buffer as `Objects/bytearrayobject.c` manages it: `ob_alloc` bytes with room
//! for a trailing NUL up to 3.14, a bytes object of exactly the capacity from 3.15;
//! `PyByteArray_Resize`'s rules (grow by an eighth plus a little, shrink to fit when less than
//! half is used, otherwise keep the buffer); the logical start that a deletion at the front
//! advances instead of moving the bytes; and the mutations built on them (item and slice
//! assignment and deletion, `+`, `+=`, `*`, `*=`, `append`, `extend`, `insert`, `pop`,
//! `remove`, `clear`, `copy`, `reverse`).

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::Kind;

use super::super::exception::{err, type_error, value_error, R};
use super::super::Vm;
use super::bytes::data;
use super::{method, Args, Def, T};

/// The buffer of a bytearray: (block, capacity, logical offset).
fn buffer(heap: &Heap, o: ObjId) -> Option<(u64, u64, u64)> {
    match heap.kind(o) {
        Kind::ByteArray(_, buf) => *buf,
        _ => None,
    }
}

fn set_buffer(heap: &mut Heap, o: ObjId, b: Option<(u64, u64, u64)>) {
    if let Kind::ByteArray(_, buf) = &mut heap.get_mut(o).kind {
        *buf = b;
    }
}

fn bytes_mut(heap: &mut Heap, o: ObjId) -> Option<&mut Vec<u8>> {
    match &mut heap.get_mut(o).kind {
        Kind::ByteArray(b, _) => Some(b),
        _ => None,
    }
}

fn len(heap: &Heap, o: ObjId) -> usize {
    match heap.kind(o) {
        Kind::ByteArray(b, _) => b.len(),
        _ => 0,
    }
}

/// The bytes a buffer of capacity `alloc` asks the allocator for: the buffer itself, or (3.15)
/// the bytes object holding it.
fn block_size(heap: &Heap, alloc: u64) -> u64 {
    if heap.config.bytearray_bytes_backed {
        33 + alloc
    } else {
        alloc
    }
}

/// `_getbytevalue`: an int in range(0, 256).
fn byte_value(vm: &mut Vm, heap: &mut Heap, v: ObjId) -> R<u8> {
    let n = vm.index_value(heap, v)?;
    u8::try_from(n).map_err(|_| value_error("byte must be in range(0, 256)"))
}

impl Vm {
    /// `PyByteArray_FromStringAndSize`: a new bytearray holding exactly these bytes.
    pub(crate) fn new_bytearray(&mut self, heap: &mut Heap, b: Vec<u8>) -> ObjId {
        let buf = if b.is_empty() {
            None
        } else {
            let n = b.len() as u64 + u64::from(!heap.config.bytearray_bytes_backed);
            let block = heap.alloc.malloc(block_size(heap, n), &mut heap.log);
            Some((block, n, 0))
        };
        heap.new_plain(Kind::ByteArray(b, buf))
    }

    /// `bytearray(iterable)`: an empty bytearray the bytes are appended to one at a time,
    /// resized whenever the next one does not fit (`bytearray___init__`'s iterator loop).
    pub(crate) fn bytearray_appended(&mut self, heap: &mut Heap, b: Vec<u8>) -> ObjId {
        let o = self.new_bytearray(heap, Vec::new());
        for n in 0..b.len() {
            let alloc = buffer(heap, o).map_or(0, |(_, alloc, _)| alloc);
            if n as u64 + 1 >= alloc {
                self.bytearray_resize(heap, o, n, n + 1);
            }
        }
        if let Some(d) = bytes_mut(heap, o) {
            *d = b;
        }
        o
    }

    /// `PyByteArray_Resize` of a bytearray of `old_len` bytes to `size` bytes (the caller
    /// changes the bytes themselves).
    pub(crate) fn bytearray_resize(
        &mut self,
        heap: &mut Heap,
        o: ObjId,
        old_len: usize,
        size: usize,
    ) {
        if size == old_len {
            return;
        }
        let (block, alloc, offset) = match buffer(heap, o) {
            Some((b, a, off)) => (Some(b), a, off),
            None => (None, 0, 0),
        };
        let backed = heap.config.bytearray_bytes_backed;
        let nul = u64::from(!backed);
        let size = size as u64;
        let new_alloc = if size + offset + nul <= alloc {
            if size < alloc / 2 {
                // Major downsize: to the exact size.
                size + nul
            } else {
                // Minor downsize: the buffer (and the logical start) stay.
                return;
            }
        } else if size as f64 <= alloc as f64 * 1.125 {
            // Moderate upsize: over-allocate, as lists do.
            size + (size >> 3) + if size < 9 { 3 } else { 6 }
        } else {
            size + nul
        };
        let new_block = if backed {
            // `_PyBytes_Resize` of the backing bytes object (the shared empty bytes at 0).
            match (block, new_alloc) {
                (None, 0) => None,
                (None, n) => Some(heap.alloc.malloc(33 + n, &mut heap.log)),
                (Some(b), 0) => {
                    heap.alloc.free(b, &mut heap.log);
                    None
                }
                (Some(b), n) => Some(heap.alloc.realloc(Some(b), 33 + n, &mut heap.log)),
            }
        } else if offset > 0 {
            // The data does not start the buffer: a new one, then the old one goes.
            let nb = heap.alloc.malloc(new_alloc, &mut heap.log);
            if let Some(b) = block {
                heap.alloc.free(b, &mut heap.log);
            }
            Some(nb)
        } else {
            Some(heap.alloc.realloc(block, new_alloc, &mut heap.log))
        };
        set_buffer(heap, o, new_block.map(|b| (b, new_alloc, 0)));
    }

    /// `bytearray_setslice_linear`: replaces bytes `lo..hi` with `bytes`.
    fn bytearray_setslice_linear(
        &mut self,
        heap: &mut Heap,
        o: ObjId,
        lo: usize,
        hi: usize,
        bytes: &[u8],
    ) {
        let n = len(heap, o);
        let growth = bytes.len() as i64 - (hi - lo) as i64;
        if growth < 0 && lo == 0 {
            // Shrink by advancing the logical start.
            if let Some((b, a, off)) = buffer(heap, o) {
                set_buffer(heap, o, Some((b, a, off + growth.unsigned_abs())));
            }
        }
        let new_len = (n as i64 + growth) as usize;
        self.bytearray_resize(heap, o, n, new_len);
        if let Some(v) = bytes_mut(heap, o) {
            v.splice(lo..hi, bytes.iter().copied());
        }
    }

    /// `ba[key] = value` (value stolen): an int at an index, or bytes-like data in a slice.
    pub(crate) fn bytearray_setitem(
        &mut self,
        heap: &mut Heap,
        o: ObjId,
        key: ObjId,
        value: ObjId,
    ) -> R<()> {
        let r = self.bytearray_assign(heap, o, key, Some(value));
        heap.decref(self, value);
        r
    }

    /// `del ba[key]`.
    pub(crate) fn bytearray_delitem(&mut self, heap: &mut Heap, o: ObjId, key: ObjId) -> R<()> {
        self.bytearray_assign(heap, o, key, None)
    }

    /// `bytearray_ass_subscript` (`value` borrowed; `None` deletes).
    fn bytearray_assign(
        &mut self,
        heap: &mut Heap,
        o: ObjId,
        key: ObjId,
        value: Option<ObjId>,
    ) -> R<()> {
        let n = len(heap, o);
        let Some(r) = self.slice_range(heap, key, n)? else {
            let Some(i) = self.seq_index(heap, key, n, "bytearray")? else {
                return Err(err(T::IndexError, "bytearray index out of range"));
            };
            match value {
                Some(v) => {
                    let b = byte_value(self, heap, v)?;
                    if let Some(d) = bytes_mut(heap, o) {
                        d[i] = b;
                    }
                }
                // Deleting one byte is deleting the slice i:i+1.
                None => self.bytearray_setslice_linear(heap, o, i, i + 1, &[]),
            }
            return Ok(());
        };
        let bytes = match value {
            None => Vec::new(),
            Some(v) if v != o && matches!(heap.kind(v), Kind::ByteArray(..)) => data(heap, v),
            Some(v) => {
                if self.number(heap, v).is_some() || matches!(heap.kind(v), Kind::Str(_)) {
                    return Err(type_error(
                        "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
                    ));
                }
                // CPython copies anything else into a temporary bytearray first.
                let b = self.bytes_from(heap, Some(v), None)?;
                let tmp = self.new_bytearray(heap, b.clone());
                let r = self.bytearray_assign(heap, o, key, Some(tmp));
                heap.decref(self, tmp);
                return r;
            }
        };
        // `b[5:2] = ...` inserts before 5.
        let start = r.start.max(0) as usize;
        let stop = if (r.step < 0 && r.start < r.stop) || (r.step > 0 && r.start > r.stop) {
            r.start
        } else {
            r.stop
        };
        if r.step == 1 {
            let stop = (stop.max(r.start)) as usize;
            self.bytearray_setslice_linear(heap, o, start, stop, &bytes);
            return Ok(());
        }
        if value.is_none() || bytes.is_empty() {
            // Deleting an extended slice: the bytes close up, then one resize.
            let mut idx: Vec<usize> = r.indices().collect();
            idx.sort_unstable();
            if let Some(d) = bytes_mut(heap, o) {
                for &i in idx.iter().rev() {
                    d.remove(i);
                }
            }
            self.bytearray_resize(heap, o, n, n - idx.len());
            return Ok(());
        }
        if bytes.len() != r.len {
            return Err(value_error(format!(
                "attempt to assign bytes of size {} to extended slice of size {}",
                bytes.len(),
                r.len
            )));
        }
        let idx: Vec<usize> = r.indices().collect();
        if let Some(d) = bytes_mut(heap, o) {
            for (k, i) in idx.into_iter().enumerate() {
                d[i] = bytes[k];
            }
        }
        Ok(())
    }

    /// `a + b` with a bytearray on the left: a new bytearray of exactly both.
    pub(crate) fn bytearray_concat(&mut self, heap: &mut Heap, a: ObjId, b: ObjId) -> R<ObjId> {
        if !matches!(heap.kind(b), Kind::Bytes(_) | Kind::ByteArray(..)) {
            let t = self.type_name(heap, b);
            return Err(type_error(format!("can't concat {t} to bytearray")));
        }
        let mut out = data(heap, a);
        out.extend(data(heap, b));
        Ok(self.new_bytearray(heap, out))
    }

    /// `a += b`: the buffer grows in place.
    pub(crate) fn bytearray_iconcat(&mut self, heap: &mut Heap, a: ObjId, b: ObjId) -> R<ObjId> {
        if !matches!(heap.kind(b), Kind::Bytes(_) | Kind::ByteArray(..)) {
            let t = self.type_name(heap, b);
            return Err(type_error(format!("can't concat {t} to bytearray")));
        }
        let more = data(heap, b);
        let n = len(heap, a);
        self.bytearray_resize(heap, a, n, n + more.len());
        if let Some(d) = bytes_mut(heap, a) {
            d.extend(more);
        }
        heap.incref(a);
        Ok(a)
    }

    /// `ba * count`: a new bytearray.
    pub(crate) fn bytearray_repeat(&mut self, heap: &mut Heap, a: ObjId, count: i64) -> R<ObjId> {
        let d = data(heap, a);
        let total = (d.len() as u128) * (count.max(0) as u128);
        super::list::check_object_bytes(heap, total)?;
        Ok(self.new_bytearray(heap, d.repeat(count.max(0) as usize)))
    }

    /// `ba *= count`: resized in place.
    pub(crate) fn bytearray_irepeat(&mut self, heap: &mut Heap, a: ObjId, count: i64) -> R<ObjId> {
        heap.incref(a);
        if count == 1 {
            return Ok(a);
        }
        let d = data(heap, a);
        let total = (d.len() as u128) * (count.max(0) as u128);
        if let Err(e) = super::list::check_object_bytes(heap, total) {
            heap.decref(self, a);
            return Err(e);
        }
        let out = d.repeat(count.max(0) as usize);
        self.bytearray_resize(heap, a, d.len(), out.len());
        if let Some(v) = bytes_mut(heap, a) {
            *v = out;
        }
        Ok(a)
    }
}

fn append(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let v = byte_value(vm, heap, a.pos[0])?;
    let o = a.this();
    let n = len(heap, o);
    vm.bytearray_resize(heap, o, n, n + 1);
    if let Some(d) = bytes_mut(heap, o) {
        d.push(v);
    }
    Ok(heap.none())
}

/// `extend`: bytes-like data is concatenated in place; any other iterable is first gathered
/// into a temporary bytearray sized by its length hint, which grows by half as it fills.
fn extend(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let o = a.this();
    let src = a.pos[0];
    if matches!(heap.kind(src), Kind::Bytes(_) | Kind::ByteArray(..)) {
        let r = vm.bytearray_iconcat(heap, o, src)?;
        heap.decref(vm, r);
        return Ok(heap.none());
    }
    if matches!(heap.kind(src), Kind::Str(_)) {
        return Err(type_error("expected iterable of integers; got: 'str'"));
    }
    let items = vm.collect_iterable(heap, src)?;
    let mut bytes = Vec::with_capacity(items.len());
    let mut bad = None;
    for &i in &items {
        match byte_value(vm, heap, i) {
            Ok(b) => bytes.push(b),
            Err(e) => {
                bad = Some(e);
                break;
            }
        }
    }
    for i in items {
        heap.decref(vm, i);
    }
    if let Some(e) = bad {
        return Err(e);
    }
    // The temporary: `PyObject_LengthHint(iterable, 64)` bytes, grown to len + len/2 + 1
    // whenever it is full, then cut to the length; then appended as a slice.
    let hint = match heap.kind(src) {
        Kind::List(v, ..) | Kind::Tuple(v) => v.len(),
        Kind::PySet(s) => s.used,
        Kind::Dict(d) => d.used,
        Kind::Range(..) => bytes.len(),
        _ => 64,
    };
    let tmp = vm.new_bytearray(heap, vec![0; hint]);
    let mut size = hint;
    for filled in 1..=bytes.len() {
        if filled >= size {
            let grown = filled + (filled >> 1) + 1;
            vm.bytearray_resize(heap, tmp, size, grown);
            size = grown;
        }
    }
    vm.bytearray_resize(heap, tmp, size, bytes.len());
    if let Some(d) = bytes_mut(heap, tmp) {
        *d = bytes.clone();
    }
    let n = len(heap, o);
    vm.bytearray_setslice_linear(heap, o, n, n, &bytes);
    heap.decref(vm, tmp);
    Ok(heap.none())
}

fn insert(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    let o = a.this();
    let n = len(heap, o) as i64;
    let mut i = vm.index_value(heap, a.pos[0])?;
    let v = byte_value(vm, heap, a.pos[1])?;
    vm.bytearray_resize(heap, o, n as usize, n as usize + 1);
    if i < 0 {
        i = (i + n).max(0);
    }
    let i = i.min(n) as usize;
    if let Some(d) = bytes_mut(heap, o) {
        d.insert(i, v);
    }
    Ok(heap.none())
}

fn pop(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 1)?;
    let o = a.this();
    let n = len(heap, o);
    if n == 0 {
        return Err(err(T::IndexError, "pop from empty bytearray"));
    }
    let mut i = match a.get(0) {
        Some(x) => vm.index_value(heap, x)?,
        None => -1,
    };
    if i < 0 {
        i += n as i64;
    }
    if i < 0 || i >= n as i64 {
        return Err(err(T::IndexError, "pop index out of range"));
    }
    let v = bytes_mut(heap, o).map_or(0, |d| d.remove(i as usize));
    vm.bytearray_resize(heap, o, n, n - 1);
    Ok(heap.int(i64::from(v)))
}

fn remove(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let o = a.this();
    let v = byte_value(vm, heap, a.pos[0])?;
    let n = len(heap, o);
    let Some(i) = data(heap, o).iter().position(|&b| b == v) else {
        return Err(value_error("value not found in bytearray"));
    };
    if let Some(d) = bytes_mut(heap, o) {
        d.remove(i);
    }
    vm.bytearray_resize(heap, o, n, n - 1);
    Ok(heap.none())
}

fn clear(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 0)?;
    let o = a.this();
    let n = len(heap, o);
    vm.bytearray_resize(heap, o, n, 0);
    if let Some(d) = bytes_mut(heap, o) {
        d.clear();
    }
    Ok(heap.none())
}

fn copy(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 0)?;
    let d = data(heap, a.this());
    Ok(vm.new_bytearray(heap, d))
}

fn reverse(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 0)?;
    if let Some(d) = bytes_mut(heap, a.this()) {
        d.reverse();
    }
    Ok(heap.none())
}

/// `bytearray`'s own methods.
pub(crate) const DEFS: &[Def] = &[
    method(T::ByteArray, "append", append),
    method(T::ByteArray, "extend", extend),
    method(T::ByteArray, "insert", insert),
    method(T::ByteArray, "pop", pop),
    method(T::ByteArray, "remove", remove),
    method(T::ByteArray, "clear", clear),
    method(T::ByteArray, "copy", copy),
    method(T::ByteArray, "reverse", reverse),
];
