//! `tuple`: indexing and slicing (a full slice of a tuple is the tuple itself) and its two
//! methods.

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::Kind;

use super::super::exception::{err, R};
use super::super::Vm;
use super::{method, Def, T};

impl Vm {
    /// `tup[key]`.
    pub(crate) fn tuple_getitem(&mut self, heap: &mut Heap, t: ObjId, key: ObjId) -> R<ObjId> {
        let items = match heap.kind(t) {
            Kind::Tuple(v) => v.clone(),
            _ => Vec::new(),
        };
        if let Some(r) = self.slice_range(heap, key, items.len())? {
            if r.step == 1 && r.len == items.len() {
                heap.incref(t);
                return Ok(t);
            }
            let out: Vec<ObjId> = r.indices().map(|i| items[i]).collect();
            for &i in &out {
                heap.incref(i);
            }
            return Ok(self.new_tuple(heap, out));
        }
        match self.seq_index(heap, key, items.len(), "tuple")? {
            Some(i) => {
                heap.incref(items[i]);
                Ok(items[i])
            }
            None => Err(err(T::IndexError, "tuple index out of range")),
        }
    }
}

/// `tuple` methods.
pub(crate) const DEFS: &[Def] = &[
    method(T::Tuple, "index", super::list::seq_index),
    method(T::Tuple, "count", super::list::seq_count),
];
