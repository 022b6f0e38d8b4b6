//! Frames: a running code object's instruction pointer and where its locals and value-stack
//! items are on the interpreter's two shared stacks ([`Vm::locals`], [`Vm::stack`]). Each item
//! is a [`Ref`]: a reference the frame owns, or (3.14's `LOAD_FAST_BORROW`) one it borrows, or
//! NULL. A frame object on the heap (`sys._getframe()`, a traceback's `tb_frame`, every call in
//! 3.8–3.10) is made on demand; when the frame finishes while that object is still referenced,
//! the object takes the locals over, which is how a traceback keeps a function's locals alive.

use std::rc::Rc;

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{FrameData, FrameState, Kind, NO_OBJ};

use super::super::compiler::code::Code;
use super::Vm;

/// A reference held on the interpreter's stacks: an object it owns, one it borrows (bit 31),
/// or NULL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ref(pub(crate) u32);

const BORROWED: u32 = 1 << 31;

impl Ref {
    /// No object.
    pub(crate) const NULL: Ref = Ref(NO_OBJ);

    /// An owned reference.
    #[inline]
    pub(crate) fn owned(id: ObjId) -> Ref {
        Ref(id.0)
    }

    /// A borrowed reference.
    #[inline]
    pub(crate) fn borrowed(id: ObjId) -> Ref {
        Ref(id.0 | BORROWED)
    }

    /// Whether it is NULL.
    #[inline]
    pub(crate) fn is_null(self) -> bool {
        self.0 == NO_OBJ
    }

    /// Whether it is borrowed.
    #[inline]
    pub(crate) fn is_borrowed(self) -> bool {
        !self.is_null() && self.0 & BORROWED != 0
    }

    /// The object, if any.
    #[inline]
    pub(crate) fn id(self) -> Option<ObjId> {
        if self.is_null() {
            None
        } else {
            Some(ObjId(self.0 & !BORROWED))
        }
    }

    /// The object (the caller knows it is not NULL).
    #[inline]
    pub(crate) fn obj(self) -> ObjId {
        ObjId(self.0 & !BORROWED)
    }
}

/// What returning from a frame does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// Return to the Rust code that started this run of the loop.
    Entry,
    /// Push the value on the caller's stack and go on there.
    Caller,
}

/// A running (or suspended) frame.
pub(crate) struct Frame {
    /// The code it runs.
    pub(crate) code: Rc<Code>,
    /// Its index in [`Vm::codes`].
    pub(crate) code_id: u32,
    /// The next instruction.
    pub(crate) pc: u32,
    /// The instruction running now (tracebacks point at it).
    pub(crate) lasti: u32,
    /// Where its locals start in [`Vm::locals`].
    pub(crate) lbase: u32,
    /// Where its value stack starts in [`Vm::stack`].
    pub(crate) sbase: u32,
    /// The module dict its globals are in (borrowed: the function or module holds it).
    pub(crate) globals: ObjId,
    /// The namespace `LOAD_NAME` and `STORE_NAME` use (module or class body), borrowed.
    pub(crate) namespace: Option<ObjId>,
    /// The function being run (a strong reference from 3.11).
    pub(crate) func: Option<ObjId>,
    /// 3.14+: the caller's stack reference to `func` was borrowed (`LOAD_FAST_BORROW` of the
    /// callable) and the frame keeps it borrowed.
    pub(crate) func_borrowed: bool,
    /// Its frame object, once made (owned).
    pub(crate) frame_obj: Option<ObjId>,
    /// The generator it belongs to (borrowed: the caller holds it while it runs).
    pub(crate) generator: Option<ObjId>,
    /// What returning does.
    pub(crate) exit: Exit,
    /// 3.8–3.10: items of the caller's stack to release when it returns (the arguments and the
    /// callable, which the caller kept).
    pub(crate) caller_cleanup: u32,
    /// The line last reported (a new one is a new step).
    pub(crate) line: u32,
}

impl Vm {
    /// Pushes an owned or borrowed reference.
    #[inline]
    pub(crate) fn push(&mut self, r: Ref) {
        self.stack.push(r);
    }

    /// Pushes a new reference.
    #[inline]
    pub(crate) fn push_owned(&mut self, id: ObjId) {
        self.stack.push(Ref::owned(id));
    }

    /// Pops the top of the stack.
    #[inline]
    pub(crate) fn pop(&mut self) -> Ref {
        self.stack.pop().unwrap_or(Ref::NULL)
    }

    /// The item `n` down from the top (1 is the top).
    #[inline]
    pub(crate) fn peek(&self, n: usize) -> Ref {
        let len = self.stack.len();
        if n == 0 || n > len {
            return Ref::NULL;
        }
        self.stack[len - n]
    }

    /// Releases a reference: owned ones are decref'd, borrowed ones forgotten.
    #[inline]
    pub(crate) fn close(&mut self, heap: &mut Heap, r: Ref) {
        if r.is_null() || r.is_borrowed() {
            return;
        }
        heap.decref(self, r.obj());
    }

    /// An owned reference to what `r` names (a borrowed one becomes a new reference).
    #[inline]
    pub(crate) fn own(&mut self, heap: &mut Heap, r: Ref) -> ObjId {
        let id = r.obj();
        if r.is_borrowed() {
            heap.incref(id);
        }
        id
    }

    /// The current frame.
    #[inline]
    pub(crate) fn frame(&self) -> &Frame {
        &self.frames[self.frames.len() - 1]
    }

    /// The current frame, mutably.
    #[inline]
    pub(crate) fn frame_mut(&mut self) -> &mut Frame {
        let n = self.frames.len() - 1;
        &mut self.frames[n]
    }

    /// Local `i` of the current frame.
    #[inline]
    pub(crate) fn local(&self, i: u32) -> Ref {
        let base = self.frame().lbase as usize;
        self.locals[base + i as usize]
    }

    /// Replaces local `i`, returning the old reference (the caller releases it).
    #[inline]
    pub(crate) fn set_local(&mut self, i: u32, r: Ref) -> Ref {
        let base = self.frame().lbase as usize;
        std::mem::replace(&mut self.locals[base + i as usize], r)
    }

    /// Bytes a frame object for `code` asks the allocator for (`sizeof` plus the locals and
    /// the value stack), as each version lays frames out.
    pub(crate) fn frame_object_size(&self, heap: &Heap, code: &Code) -> u64 {
        let minor = heap.config.version.minor;
        let nlocals = code.nlocalsplus() as u64;
        let ns = u64::from(code.stacksize);
        match minor {
            8 | 9 => 376 + 8 * (nlocals + ns),
            10 => 368 + 8 * (nlocals + ns),
            11 | 12 => 136 + 8 * (nlocals + ns),
            13 => 152 + 8 * (nlocals + ns),
            _ => 168 + 8 * (nlocals + ns),
        }
    }

    /// The frame object of the frame at `index`, made if it does not exist yet
    /// (`_PyFrame_GetFrameObject`). Returns a borrowed reference (the frame holds it).
    pub(crate) fn frame_object(&mut self, heap: &mut Heap, index: usize) -> ObjId {
        if let Some(f) = self.frames[index].frame_obj {
            return f;
        }
        let code = self.frames[index].code.clone();
        let size = self.frame_object_size(heap, &code);
        let func = if heap.config.version.at_least(11) {
            self.frames[index].func
        } else {
            None
        };
        if let Some(func) = func {
            heap.incref(func);
        }
        let line = self.frames[index].line;
        let code_id = self.frames[index].code_id;
        let gen = self.frames[index].generator;
        let id = heap.alloc_sized(
            self,
            Kind::FrameObj(Box::new(FrameData {
                code: code_id,
                func,
                locals: Vec::new(),
                back: None,
                lineno: line,
                state: FrameState::Executing,
                gen,
                locals_dict: None,
            })),
            Some(size),
        );
        self.frames[index].frame_obj = Some(id);
        id
    }

    /// Releases a finished frame's locals: to its frame object when something else still
    /// holds that object (`take_ownership`), else one by one in CPython's order.
    pub(crate) fn clear_frame_locals(
        &mut self,
        heap: &mut Heap,
        lbase: usize,
        frame_obj: Option<ObjId>,
    ) {
        let locals: Vec<Ref> = self.locals.drain(lbase..).collect();
        if let Some(fo) = frame_obj {
            if heap.get(fo).refcnt > 1 {
                // The frame object keeps the locals (as owned references).
                let mut owned = Vec::with_capacity(locals.len());
                for r in locals {
                    owned.push(if r.is_null() {
                        None
                    } else {
                        Some(self.own(heap, r))
                    });
                }
                if let Kind::FrameObj(f) = &mut heap.get_mut(fo).kind {
                    f.locals = owned;
                    f.state = FrameState::Completed;
                }
                if !heap.get(fo).is_tracked() {
                    heap.track(fo);
                }
                return;
            }
            if let Kind::FrameObj(f) = &mut heap.get_mut(fo).kind {
                f.state = FrameState::Completed;
            }
        }
        if heap.config.version.at_least(14) {
            for r in locals.into_iter().rev() {
                self.close(heap, r);
            }
        } else {
            for r in locals {
                self.close(heap, r);
            }
        }
    }

    /// The current line of the frame at `index`.
    pub(crate) fn frame_line(&self, index: usize) -> u32 {
        let f = &self.frames[index];
        f.code
            .spans
            .get(f.lasti as usize)
            .map_or(f.code.firstlineno, |s| s.line)
    }
}
