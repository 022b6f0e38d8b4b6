//! Subscripts: `obj[key]`, `obj[key] = value`, `del obj[key]` for the builtin sequences and
//! mappings and classes defining `__getitem__`/`__setitem__`/`__delitem__`, slices with
//! CPython's index clamping (`PySlice_AdjustIndices`), and the slice objects themselves.

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind};

use super::builtins::T;
use super::exception::{err, type_error, value_error, R};
use super::Vm;

/// A slice resolved against a length: start, stop, step and the number of items.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Range {
    pub(crate) start: i64,
    /// The adjusted stop (`PySlice_AdjustIndices`): a range's slice keeps it.
    pub(crate) stop: i64,
    pub(crate) step: i64,
    pub(crate) len: usize,
}

impl Range {
    /// The indices it selects.
    pub(crate) fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len).map(move |k| (self.start + k as i64 * self.step) as usize)
    }
}

impl Vm {
    /// A slice object from (start, stop, step), owned references (`BUILD_SLICE`).
    pub(crate) fn new_slice(&mut self, heap: &mut Heap, refs: Vec<Option<ObjId>>) -> ObjId {
        self.new_native(heap, T::Slice, refs, 56)
    }

    /// The slice parts of a slice object (borrowed), if it is one.
    pub(crate) fn slice_parts(&self, heap: &Heap, key: ObjId) -> Option<[ObjId; 3]> {
        match heap.kind(key) {
            Kind::Native(n) if n.ty == T::Slice as u16 => {
                let none = heap.statics.none;
                Some([
                    n.refs[0].unwrap_or(none),
                    n.refs[1].unwrap_or(none),
                    n.refs[2].unwrap_or(none),
                ])
            }
            _ => None,
        }
    }

    /// Resolves a slice against a sequence of `len` items.
    pub(crate) fn slice_range(
        &mut self,
        heap: &mut Heap,
        key: ObjId,
        len: usize,
    ) -> R<Option<Range>> {
        let Some([start, stop, step]) = self.slice_parts(heap, key) else {
            return Ok(None);
        };
        let part = |vm: &mut Vm, heap: &mut Heap, o: ObjId| -> R<Option<i64>> {
            if matches!(heap.kind(o), Kind::None) {
                return Ok(None);
            }
            match heap.kind(o) {
                Kind::Int(IntVal::Big(b)) => Ok(Some(if num_traits::Signed::is_negative(b) {
                    i64::MIN / 2
                } else {
                    i64::MAX / 2
                })),
                _ => match vm.index_value(heap, o) {
                    Ok(v) => Ok(Some(v)),
                    Err(_) => Err(type_error(
                        "slice indices must be integers or None or have an __index__ method",
                    )),
                },
            }
        };
        let step = part(self, heap, step)?.unwrap_or(1);
        if step == 0 {
            return Err(value_error("slice step cannot be zero"));
        }
        let n = len as i64;
        let clamp = |v: Option<i64>, default: i64| -> i64 {
            match v {
                None => default,
                Some(v) => {
                    let v = if v < 0 { v + n } else { v };
                    if step > 0 {
                        v.clamp(0, n)
                    } else {
                        v.clamp(-1, n - 1)
                    }
                }
            }
        };
        let (start, stop) = if step > 0 {
            (
                clamp(part(self, heap, start)?, 0),
                clamp(part(self, heap, stop)?, n),
            )
        } else {
            (
                clamp(part(self, heap, start)?, n - 1),
                clamp(part(self, heap, stop)?, -1),
            )
        };
        let len = if step > 0 {
            if stop > start {
                ((stop - start - 1) / step + 1) as usize
            } else {
                0
            }
        } else if start > stop {
            ((start - stop - 1) / (-step) + 1) as usize
        } else {
            0
        };
        Ok(Some(Range {
            start,
            stop,
            step,
            len,
        }))
    }

    /// A sequence index: negative counts from the end; `None` when out of range.
    pub(crate) fn seq_index(
        &mut self,
        heap: &mut Heap,
        key: ObjId,
        len: usize,
        what: &str,
    ) -> R<Option<usize>> {
        let i = match heap.kind(key) {
            Kind::Int(IntVal::Small(i)) => *i,
            Kind::Bool(b) => i64::from(*b),
            Kind::Int(IntVal::Big(_)) => {
                return Err(err(
                    T::IndexError,
                    "cannot fit 'int' into an index-sized integer",
                ))
            }
            _ => {
                let class = self.type_of(heap, key);
                if self.user_method(heap, class, "__index__").is_some() {
                    self.index_value(heap, key)?
                } else {
                    let t = self.type_name(heap, key);
                    return Err(type_error(format!(
                        "{what} indices must be integers or slices, not {t}"
                    )));
                }
            }
        };
        let n = len as i64;
        let j = if i < 0 { i + n } else { i };
        Ok((0..n).contains(&j).then_some(j as usize))
    }

    /// `obj[key]`: a new reference.
    pub(crate) fn getitem(&mut self, heap: &mut Heap, obj: ObjId, key: ObjId) -> R<ObjId> {
        match heap.kind(obj) {
            Kind::List(..) => self.list_getitem(heap, obj, key),
            Kind::Tuple(_) => self.tuple_getitem(heap, obj, key),
            Kind::Str(_) => self.str_getitem(heap, obj, key),
            Kind::Bytes(_) | Kind::ByteArray(..) => self.bytes_getitem(heap, obj, key),
            Kind::Dict(_) => self.dict_getitem(heap, obj, key),
            Kind::Range(..) => self.range_getitem(heap, obj, key),
            Kind::Native(n) if n.ty == T::Deque as u16 => self.deque_getitem(heap, obj, key),
            Kind::Class(_) => {
                // `Class[...]`: __class_getitem__.
                if let Some(f) = self.lookup_type_attr(heap, obj, "__class_getitem__") {
                    let bound = self.descriptor_get(heap, f, Some(obj), obj)?;
                    let r = self.call1(heap, bound, &[key]);
                    heap.decref(self, bound);
                    return r;
                }
                let n = self.class_name(heap, obj);
                Err(type_error(format!("type '{n}' is not subscriptable")))
            }
            Kind::Type(_) => {
                // `list[int]`: a generic alias, shown as such.
                let s = format!(
                    "{}[{}]",
                    self.repr_of(heap, obj)?
                        .trim_start_matches("<class '")
                        .trim_end_matches("'>"),
                    self.repr_of(heap, key)?
                );
                Ok(heap.str(&s))
            }
            _ => {
                let class = self.type_of(heap, obj);
                if let Some(f) = self.user_method(heap, class, "__getitem__") {
                    heap.incref(f);
                    let r = self.call_method_with(heap, f, obj, &[key]);
                    heap.decref(self, f);
                    return r;
                }
                let t = self.type_name(heap, obj);
                Err(type_error(format!("'{t}' object is not subscriptable")))
            }
        }
    }

    /// `obj[key] = value` (value stolen).
    pub(crate) fn setitem(
        &mut self,
        heap: &mut Heap,
        obj: ObjId,
        key: ObjId,
        value: ObjId,
    ) -> R<()> {
        match heap.kind(obj) {
            Kind::List(..) => self.list_setitem(heap, obj, key, value),
            Kind::Dict(_) => {
                heap.incref(key);
                self.dict_setitem(heap, obj, key, value)
            }
            Kind::ByteArray(..) => self.bytearray_setitem(heap, obj, key, value),
            Kind::Native(n) if n.ty == T::Deque as u16 => self.deque_setitem(heap, obj, key, value),
            _ => {
                let class = self.type_of(heap, obj);
                if let Some(f) = self.user_method(heap, class, "__setitem__") {
                    heap.incref(f);
                    let r = self.call_method_with(heap, f, obj, &[key, value]);
                    heap.decref(self, f);
                    heap.decref(self, value);
                    let v = r?;
                    heap.decref(self, v);
                    return Ok(());
                }
                heap.decref(self, value);
                let t = self.type_name(heap, obj);
                Err(type_error(format!(
                    "'{t}' object does not support item assignment"
                )))
            }
        }
    }

    /// `ns[name] = value` for a namespace (a dict; other mappings through `__setitem__`),
    /// stealing both.
    pub(crate) fn setitem_owned(
        &mut self,
        heap: &mut Heap,
        ns: ObjId,
        key: ObjId,
        value: ObjId,
    ) -> R<()> {
        if let Kind::Dict(_) = heap.kind(ns) {
            return self.dict_setitem(heap, ns, key, value);
        }
        let r = self.setitem(heap, ns, key, value);
        heap.decref(self, key);
        r
    }

    /// `del obj[key]`.
    pub(crate) fn delitem(&mut self, heap: &mut Heap, obj: ObjId, key: ObjId) -> R<()> {
        match heap.kind(obj) {
            Kind::List(..) => self.list_delitem(heap, obj, key),
            Kind::Dict(_) => self.dict_delitem(heap, obj, key),
            Kind::ByteArray(..) => self.bytearray_delitem(heap, obj, key),
            Kind::Native(n) if n.ty == T::Deque as u16 => self.deque_delitem(heap, obj, key),
            _ => {
                let class = self.type_of(heap, obj);
                if let Some(f) = self.user_method(heap, class, "__delitem__") {
                    heap.incref(f);
                    let r = self.call_method_with(heap, f, obj, &[key]);
                    heap.decref(self, f);
                    let v = r?;
                    heap.decref(self, v);
                    return Ok(());
                }
                let t = self.type_name(heap, obj);
                Err(type_error(format!(
                    "'{t}' object doesn't support item deletion"
                )))
            }
        }
    }
}
