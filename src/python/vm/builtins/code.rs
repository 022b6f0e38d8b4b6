//! Code objects as Python sees them (`f.__code__`, `frame.f_code`): one object per compiled
//! code, made the first time a program asks for it (the interpreter keeps compiled code in its
//! own table), with the `co_*` attributes a program reads.

use std::rc::Rc;

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{Kind, NativePayload};

use super::super::exception::{unsupported, R};
use super::super::Vm;
use super::T;
use crate::python::compiler::code::CodeKind;

impl Vm {
    /// The code object of code `i` (new reference).
    pub(crate) fn code_object(&mut self, heap: &mut Heap, i: u32) -> ObjId {
        if let Some(&o) = self.code_objects.get(&i) {
            heap.incref(o);
            return o;
        }
        // `co_consts` and `co_names` as the code object's own tuples.
        let consts: Vec<ObjId> = self
            .code_consts
            .get(i as usize)
            .cloned()
            .unwrap_or_default();
        for &c in &consts {
            heap.incref(c);
        }
        let consts = self.new_tuple(heap, consts);
        let names: Vec<ObjId> = self.code_names.get(i as usize).cloned().unwrap_or_default();
        for &n in &names {
            heap.incref(n);
        }
        let names = self.new_tuple(heap, names);
        let size = 200;
        let o = self.new_native_full(
            heap,
            T::Code,
            vec![Some(consts), Some(names)],
            [i64::from(i), 0, 0, 0],
            NativePayload::None,
            size,
            false,
        );
        // The interpreter keeps it, as the code table keeps the code.
        heap.incref(o);
        self.code_objects.insert(i, o);
        self.interpreter_objs.insert(o.0);
        o
    }

    fn str_tuple(&mut self, heap: &mut Heap, names: &[Rc<str>]) -> ObjId {
        let items: Vec<ObjId> = names.iter().map(|n| self.intern(heap, n)).collect();
        self.new_tuple(heap, items)
    }

    /// `code.co_*`.
    pub(crate) fn code_getattr(
        &mut self,
        heap: &mut Heap,
        obj: ObjId,
        name: &str,
    ) -> R<Option<ObjId>> {
        let (i, refs) = match heap.kind(obj) {
            Kind::Native(n) => (n.nums[0] as usize, n.refs.clone()),
            _ => return Ok(None),
        };
        let Some(code) = self.codes.get(i).cloned() else {
            return Ok(None);
        };
        let nfree = code.nfrees as usize;
        let n = code.localsplus.len();
        let cells: Vec<Rc<str>> = code
            .cell_slots
            .iter()
            .map(|&s| code.localsplus[s as usize].clone())
            .collect();
        let nparams = code.param_names().len();
        let varnames: Vec<Rc<str>> = code.localsplus[..n - nfree]
            .iter()
            .enumerate()
            .filter(|(k, v)| *k < nparams || !cells.contains(v))
            .map(|(_, v)| v.clone())
            .collect();
        let v = match name {
            "co_name" => heap.str(&code.name),
            "co_qualname" if self.minor >= 11 => heap.str(&code.qualname),
            "co_filename" => heap.str(&code.source.path),
            "co_firstlineno" => heap.int(i64::from(code.firstlineno)),
            "co_argcount" => heap.int(i64::from(code.argcount)),
            "co_posonlyargcount" => heap.int(i64::from(code.posonlyargcount)),
            "co_kwonlyargcount" => heap.int(i64::from(code.kwonlyargcount)),
            "co_nlocals" => heap.int(varnames.len() as i64),
            "co_stacksize" => heap.int(i64::from(code.stacksize)),
            "co_varnames" => self.str_tuple(heap, &varnames),
            "co_cellvars" => self.str_tuple(heap, &cells),
            "co_freevars" => {
                let f = code.localsplus[n - nfree..].to_vec();
                self.str_tuple(heap, &f)
            }
            "co_consts" | "co_names" => {
                let r = refs[usize::from(name == "co_names")];
                match r {
                    Some(t) => {
                        heap.incref(t);
                        t
                    }
                    None => heap.none(),
                }
            }
            "co_flags" => {
                let mut flags = 0;
                if matches!(
                    code.kind,
                    CodeKind::Function | CodeKind::Comprehension | CodeKind::GenExpr
                ) {
                    flags |= 0x1 | 0x2; // OPTIMIZED | NEWLOCALS
                }
                if code.varargs {
                    flags |= 0x4;
                }
                if code.varkeywords {
                    flags |= 0x8;
                }
                if nfree == 0 && cells.is_empty() {
                    flags |= 0x40; // NOFREE (up to 3.10)
                    if self.minor >= 11 {
                        flags &= !0x40;
                    }
                }
                if code.generator {
                    flags |= 0x20;
                }
                heap.int(flags)
            }
            "co_code" | "co_lnotab" | "co_linetable" | "co_exceptiontable" => {
                return Err(unsupported(format!(
                    "code.{name} (pymemsim compiles its own instructions)"
                )))
            }
            _ => return Ok(None),
        };
        Ok(Some(v))
    }

    /// `repr(code)`.
    pub(crate) fn code_repr(&mut self, heap: &Heap, obj: ObjId) -> String {
        let i = match heap.kind(obj) {
            Kind::Native(n) => n.nums[0] as usize,
            _ => 0,
        };
        let addr = heap.get(obj).addr;
        match self.codes.get(i) {
            Some(c) => format!(
                "<code object {} at {addr:#x}, file \"{}\", line {}>",
                c.name, c.source.path, c.firstlineno
            ),
            None => format!("<code object at {addr:#x}>"),
        }
    }
}
