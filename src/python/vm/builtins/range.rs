//! `range`: length, indexing, slicing, membership without iterating, and equality by the
//! values it produces.

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind};

use super::super::exception::{err, type_error, value_error, R};
use super::super::Vm;
use super::{method, Args, Def, T};

/// The number of values `range(start, stop, step)` produces.
pub(crate) fn range_len(start: i64, stop: i64, step: i64) -> i64 {
    if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    }
}

impl Vm {
    /// `range(...)`.
    pub(crate) fn range_new(&mut self, heap: &mut Heap, args: &[ObjId]) -> R<ObjId> {
        let mut vals = Vec::new();
        for &a in args {
            match heap.kind(a) {
                Kind::Float(_) | Kind::Str(_) | Kind::None | Kind::List(..) => {
                    let t = self.type_name(heap, a);
                    return Err(type_error(format!(
                        "'{t}' object cannot be interpreted as an integer"
                    )));
                }
                _ => vals.push(self.index_value(heap, a)?),
            }
        }
        let (start, stop, step) = match vals.as_slice() {
            [stop] => (0, *stop, 1),
            [start, stop] => (*start, *stop, 1),
            [start, stop, step] => (*start, *stop, *step),
            [] => return Err(type_error("range expected at least 1 argument, got 0")),
            _ => {
                return Err(type_error(format!(
                    "range expected at most 3 arguments, got {}",
                    vals.len()
                )))
            }
        };
        if step == 0 {
            return Err(value_error("range() arg 3 must not be zero"));
        }
        Ok(heap.new_plain(Kind::Range(start, stop, step)))
    }

    fn range_parts(heap: &Heap, r: ObjId) -> (i64, i64, i64) {
        match heap.kind(r) {
            Kind::Range(a, b, c) => (*a, *b, *c),
            _ => (0, 0, 1),
        }
    }

    /// `r[key]`.
    pub(crate) fn range_getitem(&mut self, heap: &mut Heap, r: ObjId, key: ObjId) -> R<ObjId> {
        let (start, stop, step) = Self::range_parts(heap, r);
        let n = range_len(start, stop, step) as usize;
        if let Some(s) = self.slice_range(heap, key, n)? {
            // `compute_slice`: the slice's adjusted start and stop mapped through the range.
            let new_start = start + s.start * step;
            let new_step = step * s.step;
            let new_stop = start + s.stop * step;
            return Ok(heap.new_plain(Kind::Range(new_start, new_stop, new_step)));
        }
        match self.seq_index(heap, key, n, "range")? {
            Some(i) => Ok(heap.int(start + i as i64 * step)),
            None => Err(err(T::IndexError, "range object index out of range")),
        }
    }

    /// `x in range(...)`: arithmetic for ints, iteration for the rest.
    pub(crate) fn range_contains(&mut self, heap: &mut Heap, r: ObjId, x: ObjId) -> R<bool> {
        let (start, stop, step) = Self::range_parts(heap, r);
        let v = match heap.kind(x) {
            Kind::Int(IntVal::Small(v)) => *v,
            Kind::Bool(b) => i64::from(*b),
            Kind::Int(IntVal::Big(_)) => return Ok(false),
            _ => {
                for i in 0..range_len(start, stop, step) {
                    let o = heap.int(start + i * step);
                    let e = self.eq(heap, o, x);
                    heap.decref(self, o);
                    if e? {
                        return Ok(true);
                    }
                }
                return Ok(false);
            }
        };
        let inside = if step > 0 {
            v >= start && v < stop
        } else {
            v <= start && v > stop
        };
        Ok(inside && (v - start) % step == 0)
    }

    /// What a range produces, for equality: (length, first, step) with CPython's rules.
    pub(crate) fn range_items_key(&self, heap: &Heap, r: ObjId) -> (i64, i64, i64) {
        let (start, stop, step) = Self::range_parts(heap, r);
        let n = range_len(start, stop, step);
        match n {
            0 => (0, 0, 0),
            1 => (1, start, 0),
            _ => (n, start, step),
        }
    }
}

fn index(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let r = a.this();
    let (start, _, step) = Vm::range_parts(heap, r);
    if vm.range_contains(heap, r, a.pos[0])? {
        if let Kind::Int(IntVal::Small(v)) = heap.kind(a.pos[0]) {
            return Ok(heap.int((*v - start) / step));
        }
    }
    let s = vm.repr_of(heap, a.pos[0])?;
    Err(value_error(format!("{s} is not in range")))
}

fn count(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let found = vm.range_contains(heap, a.this(), a.pos[0])?;
    Ok(heap.int(i64::from(found)))
}

/// `range` methods.
pub(crate) const DEFS: &[Def] = &[
    method(T::Range, "index", index),
    method(T::Range, "count", count),
];
