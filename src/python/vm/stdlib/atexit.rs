//! The `atexit` module: callbacks run when the interpreter exits, last registered first.

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;

use super::super::builtins::{function, Args, Def};
use super::super::exception::{type_error, R};
use super::super::Vm;

const M: Option<&str> = Some("atexit");

fn register(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let Some(&f) = a.pos.first() else {
        return Err(type_error("register() takes at least 1 argument (0 given)"));
    };
    let items: Vec<ObjId> = a.pos[1..]
        .iter()
        .map(|&x| {
            heap.incref(x);
            x
        })
        .collect();
    let args = vm.new_tuple(heap, items);
    let kw = if a.kwnames.is_empty() {
        None
    } else {
        let d = heap.dict(vm);
        for (&k, &v) in a.kwnames.iter().zip(a.kwvals) {
            heap.incref(k);
            heap.incref(v);
            vm.dict_setitem(heap, d, k, v)?;
        }
        Some(d)
    };
    heap.incref(f);
    vm.atexit.push((f, args, kw));
    heap.incref(f);
    Ok(f)
}

fn unregister(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let f = a.pos[0];
    let mut kept = Vec::new();
    let all = std::mem::take(&mut vm.atexit);
    for (func, args, kw) in all {
        if vm.eq(heap, func, f)? {
            heap.decref(vm, func);
            heap.decref(vm, args);
            if let Some(k) = kw {
                heap.decref(vm, k);
            }
        } else {
            kept.push((func, args, kw));
        }
    }
    vm.atexit = kept;
    Ok(heap.none())
}

impl Vm {
    /// Runs the `atexit` callbacks, last registered first (errors are reported and skipped).
    pub(crate) fn run_atexit(&mut self, heap: &mut Heap) {
        while let Some((f, args, kw)) = self.atexit.pop() {
            let pos: Vec<ObjId> = match heap.kind(args) {
                crate::engine::object::Kind::Tuple(items) => items.clone(),
                _ => Vec::new(),
            };
            let kwpairs: Vec<(ObjId, ObjId)> = match kw.map(|k| heap.kind(k)) {
                Some(crate::engine::object::Kind::Dict(d)) => d.iter().collect(),
                _ => Vec::new(),
            };
            let r = self.call_kw(heap, f, &pos, &kwpairs);
            match r {
                Ok(v) => heap.decref(self, v),
                Err(e) => {
                    if self.err_matches(heap, &e, super::super::builtins::T::SystemExit) {
                        self.discard(heap, e);
                    } else {
                        let exc = self.normalize(heap, e);
                        if let Ok(exc) = exc {
                            let what = self
                                .repr_of(heap, f)
                                .map(|s| s.to_string())
                                .unwrap_or_default();
                            let tb = self.format_exception(heap, exc);
                            let head = if heap.config.version.minor >= 13 {
                                format!("Exception ignored in atexit callback {what}:")
                            } else {
                                "Error in atexit._run_exitfuncs:".to_string()
                            };
                            self.emit(heap, true, &format!("{head}\n{tb}"));
                            heap.decref(self, exc);
                        }
                    }
                }
            }
            heap.decref(self, f);
            heap.decref(self, args);
            if let Some(k) = kw {
                heap.decref(self, k);
            }
        }
    }
}

/// `atexit` functions.
pub(crate) const DEFS: &[Def] = &[
    function(M, "register", register),
    function(M, "unregister", unregister),
];
