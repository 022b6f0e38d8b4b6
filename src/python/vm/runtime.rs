//! What the engine calls back into the interpreter for: finalizers (`__del__`, closing a
//! generator), weak-reference callbacks and `gc.callbacks`, and the "Exception ignored in"
//! report CPython writes when one of those raises.

use crate::engine::heap::{Heap, Runtime, Special};
use crate::engine::ids::ObjId;
use crate::engine::object::Kind;

use super::exception::Exc;
use super::Vm;

impl Runtime for Vm {
    fn finalize(&mut self, heap: &mut Heap, obj: ObjId) {
        match heap.kind(obj) {
            Kind::Generator(_) => self.finalize_generator(heap, obj),
            Kind::Instance(_) | Kind::Exception(_) => {
                let class = self.type_of(heap, obj);
                let Some(del) = heap.class_special(class, Special::Del) else {
                    return;
                };
                heap.incref(del);
                let r = self.call_method_with(heap, del, obj, &[]);
                heap.decref(self, del);
                match r {
                    Ok(v) => heap.decref(self, v),
                    Err(e) => self.unraisable(heap, e, Some(del), Some("deallocator")),
                }
            }
            _ => {}
        }
    }

    fn weakref_callback(&mut self, heap: &mut Heap, callback: ObjId, weakref: ObjId) {
        heap.incref(callback);
        let r = self.call1(heap, callback, &[weakref]);
        heap.decref(self, callback);
        match r {
            Ok(v) => heap.decref(self, v),
            Err(e) => self.unraisable(heap, e, Some(callback), None),
        }
    }

    fn gc_callbacks(
        &mut self,
        heap: &mut Heap,
        start: bool,
        generation: u8,
        collected: u64,
        uncollectable: u64,
    ) {
        let cbs = match heap.kind(self.gc_callbacks) {
            Kind::List(items, ..) => items.clone(),
            _ => return,
        };
        if cbs.is_empty() {
            return;
        }
        let minor = heap.config.version.minor;
        for cb in cbs {
            heap.incref(cb);
            let phase = heap.str(if start { "start" } else { "stop" });
            let info = heap.dict(self);
            let mut fields: Vec<(&str, i64)> = vec![
                ("generation", i64::from(generation)),
                ("collected", collected as i64),
                ("uncollectable", uncollectable as i64),
            ];
            if minor >= 15 {
                let n = if start { 0 } else { heap.gc.last_candidates };
                fields.push(("candidates", n as i64));
            }
            for (k, v) in fields {
                let key = self.intern(heap, k);
                let val = heap.int(v);
                self.dict_set_str_key(heap, info, key, val);
            }
            if minor >= 15 {
                let key = self.intern(heap, "duration");
                let val = heap.new_plain(Kind::Float(0.0));
                self.dict_set_str_key(heap, info, key, val);
            }
            let r = self.call1(heap, cb, &[phase, info]);
            heap.decref(self, phase);
            heap.decref(self, info);
            heap.decref(self, cb);
            match r {
                Ok(v) => heap.decref(self, v),
                Err(e) => self.unraisable(heap, e, Some(cb), None),
            }
        }
    }
}

impl Vm {
    /// `PyErr_WriteUnraisable`: an exception raised where nothing can catch it (a `__del__`,
    /// a weakref callback) is reported on stderr and dropped.
    pub(crate) fn unraisable(
        &mut self,
        heap: &mut Heap,
        e: Exc,
        obj: Option<ObjId>,
        while_calling: Option<&str>,
    ) {
        if !e.is_py() {
            // Not an exception Python could ignore: the whole run stops.
            if let Some(Some(msg)) = e.peek(|r| match r {
                super::exception::Raised::Limit(m) => Some(m.clone()),
                _ => None,
            }) {
                self.stopped.get_or_insert(msg);
            }
            if self.fatal.is_none() {
                self.fatal = Some(e);
            }
            return;
        }
        let exc = match self.normalize(heap, e) {
            Ok(x) => x,
            Err(other) => {
                let r = self.report(heap, other);
                let _ = r;
                return;
            }
        };
        let what = match obj {
            Some(o) => self
                .repr_of(heap, o)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            None => String::new(),
        };
        let head = match (while_calling, heap.config.version.minor >= 14) {
            (Some(w), true) => format!("Exception ignored while calling {w} {what}"),
            _ => format!("Exception ignored in: {what}"),
        };
        let tb = self.format_exception(heap, exc);
        self.emit(heap, true, &format!("{head}\n{tb}"));
        heap.decref(self, exc);
    }
}
