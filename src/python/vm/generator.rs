//! Generators: calling a generator function makes a generator that holds the frame's locals
//! (3.11+: the frame is embedded in the generator; 3.8–3.10: a separate frame object); each
//! `next()`/`send()` moves them back onto the interpreter's stacks, runs to the next `yield`,
//! and moves them out again. `throw()` raises at the `yield`, `close()` throws `GeneratorExit`,
//! and a suspended generator is closed when it is freed or collected (PEP 442), which is how
//! its `finally` blocks run and its cycle breaks.

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{FrameData, FrameState, FunctionData, GenData, Kind};

use super::builtins::T;
use super::eval::Outcome;
use super::exception::{err, type_error, value_error, Exc, Raised, R};
use super::frame::{Exit, Frame, Ref};
use super::Vm;
use crate::python::compiler::code::{Code, Instr};

/// What sending a value into a generator (or a `yield from` sub-iterator) produced.
pub(crate) enum Sent {
    /// It yielded this value (owned).
    Yielded(ObjId),
    /// It finished, returning this value (owned).
    Returned(ObjId),
}

impl Vm {
    /// Bytes a generator object asks the allocator for.
    fn generator_size(&self, heap: &Heap, code: &Code) -> u64 {
        let n = code.nlocalsplus() as u64 + u64::from(code.stacksize);
        match heap.config.version.minor {
            8 | 9 => 112,
            10 => 104,
            11 => 168 + 8 * n,
            12 | 13 => 160 + 8 * n,
            _ => 168 + 8 * n,
        }
    }

    /// Makes the generator for a call of a generator function whose arguments are bound in
    /// the locals at `lbase` (which it takes).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn make_generator(
        &mut self,
        heap: &mut Heap,
        func: ObjId,
        func_owned: bool,
        fd: &FunctionData,
        code_id: u32,
        code: &Code,
        lbase: usize,
    ) -> ObjId {
        let refs: Vec<Ref> = self.locals.drain(lbase..).collect();
        let locals: Vec<Option<ObjId>> = refs
            .into_iter()
            .map(|r| {
                if r.is_null() {
                    None
                } else {
                    Some(self.own(heap, r))
                }
            })
            .collect();
        let v311 = heap.config.version.at_least(11);
        let gen_func = if v311 {
            if !func_owned {
                heap.incref(func);
            }
            Some(func)
        } else {
            if func_owned {
                heap.decref(self, func);
            }
            None
        };
        // 3.8–3.10: the frame object, made by the call and kept by the generator.
        let frame = if heap.config.frames_are_objects {
            let size = self.frame_object_size(heap, code);
            heap.incref(fd.globals);
            heap.decref(self, fd.globals);
            let fo = heap.alloc_sized(
                self,
                Kind::FrameObj(Box::new(FrameData {
                    code: code_id,
                    func: None,
                    locals: Vec::new(),
                    back: None,
                    lineno: code.firstlineno,
                    state: FrameState::Created,
                    gen: None,
                    locals_dict: None,
                })),
                Some(size),
            );
            heap.track(fo);
            Some(fo)
        } else {
            None
        };
        let size = self.generator_size(heap, code);
        let name = if code.name.as_ref() == "<genexpr>" {
            code.name.clone()
        } else {
            fd.name.clone()
        };
        let g = heap.alloc_sized(
            self,
            Kind::Generator(Box::new(GenData {
                code: code_id,
                func: gen_func,
                name,
                qualname: fd.qualname.clone(),
                frame,
                locals,
                stack: Vec::new(),
                pc: 0,
                state: FrameState::Created,
                exc_state: None,
                globals: fd.globals,
            })),
            Some(size),
        );
        if let Some(fo) = frame {
            if let Kind::FrameObj(f) = &mut heap.get_mut(fo).kind {
                f.gen = Some(g);
            }
        }
        g
    }

    /// Pushes the generator's frame with its saved locals and stack (`gen_send_ex`).
    fn resume_frame(&mut self, heap: &mut Heap, gen: ObjId) -> R<bool> {
        let (code_id, pc, state, frame_obj, globals, locals, stack, exc_state) =
            match &mut heap.get_mut(gen).kind {
                Kind::Generator(g) => {
                    let state = g.state;
                    if state == FrameState::Executing {
                        return Err(value_error("generator already executing"));
                    }
                    if state == FrameState::Completed {
                        return Ok(false);
                    }
                    g.state = FrameState::Executing;
                    (
                        g.code,
                        g.pc,
                        state,
                        // The running frame owns the frame object until it suspends again.
                        g.frame.take(),
                        g.globals,
                        std::mem::take(&mut g.locals),
                        std::mem::take(&mut g.stack),
                        g.exc_state.take(),
                    )
                }
                _ => return Err(type_error("not a generator")),
            };
        if self.frames.len() >= self.recursion_limit as usize {
            // Give the state back and refuse.
            if let Kind::Generator(g) = &mut heap.get_mut(gen).kind {
                g.locals = locals;
                g.stack = stack;
                g.exc_state = exc_state;
                g.state = state;
                g.frame = frame_obj;
            }
            return Err(err(T::RecursionError, "maximum recursion depth exceeded"));
        }
        let code = self.codes[code_id as usize].clone();
        let lbase = self.locals.len();
        self.locals
            .extend(locals.into_iter().map(|l| l.map_or(Ref::NULL, Ref::owned)));
        let sbase = self.stack.len();
        self.stack
            .extend(stack.into_iter().map(|s| s.map_or(Ref::NULL, Ref::owned)));
        self.exc_info.push(exc_state.map_or(Ref::NULL, Ref::owned));
        if let Some(fo) = frame_obj {
            if let Kind::FrameObj(f) = &mut heap.get_mut(fo).kind {
                f.state = FrameState::Executing;
            }
        }
        self.frames.push(Frame {
            line: code.firstlineno,
            code,
            code_id,
            pc,
            lasti: pc.saturating_sub(1),
            lbase: lbase as u32,
            sbase: sbase as u32,
            globals,
            namespace: None,
            func: None,
            func_borrowed: false,
            frame_obj,
            generator: Some(gen),
            exit: Exit::Entry,
            caller_cleanup: 0,
        });
        Ok(state == FrameState::Suspended)
    }

    /// `gen.send(value)` (`next(gen)` sends None): runs it to its next `yield` or its end.
    pub(crate) fn gen_send(&mut self, heap: &mut Heap, gen: ObjId, value: ObjId) -> R<Sent> {
        let state = match heap.kind(gen) {
            Kind::Generator(g) => g.state,
            _ => return Err(type_error("not a generator")),
        };
        if state == FrameState::Created && !matches!(heap.kind(value), Kind::None) {
            return Err(type_error(
                "can't send non-None value to a just-started generator",
            ));
        }
        if state == FrameState::Completed {
            let n = heap.none();
            return Ok(Sent::Returned(n));
        }
        let suspended = self.resume_frame(heap, gen)?;
        if suspended {
            heap.incref(value);
            self.push_owned(value);
        }
        self.run_generator(heap, gen)
    }

    /// Runs the generator frame just pushed.
    fn run_generator(&mut self, heap: &mut Heap, gen: ObjId) -> R<Sent> {
        heap.incref(gen);
        let r = self.run_loop(heap);
        let out = match r {
            Ok(Outcome::Yield(v)) => Ok(Sent::Yielded(v)),
            Ok(Outcome::Return(v)) => Ok(Sent::Returned(v)),
            Err(e) => {
                // PEP 479: a StopIteration leaving a generator becomes a RuntimeError.
                if self.err_matches(heap, &e, T::StopIteration) {
                    let is_gen_expr = false;
                    let _ = is_gen_expr;
                    match self.normalize(heap, e) {
                        Ok(inner) => {
                            let rt = self.runtime_error_from(
                                heap,
                                inner,
                                "generator raised StopIteration",
                            );
                            Err(rt)
                        }
                        Err(e) => Err(e),
                    }
                } else {
                    Err(e)
                }
            }
        };
        heap.decref(self, gen);
        out
    }

    /// `RuntimeError(msg)` with `inner` as its cause and context.
    fn runtime_error_from(&mut self, heap: &mut Heap, inner: ObjId, msg: &str) -> Exc {
        let m = heap.str(msg);
        let args = self.new_tuple(heap, vec![m]);
        let rt = self.new_exception(heap, self.types.get(T::RuntimeError), args);
        heap.incref(inner);
        if let Kind::Exception(e) = &mut heap.get_mut(rt).kind {
            e.cause = Some(inner);
            e.context = Some(inner);
            e.suppress_context = true;
        }
        Exc::new(Raised::Obj(rt))
    }

    /// At a `yield` in the entry frame: the generator takes its frame's locals and stack and
    /// the exception it is handling; the frame leaves the interpreter's stacks.
    pub(crate) fn suspend_generator(&mut self, heap: &mut Heap) {
        let Some(f) = self.frames.pop() else {
            return;
        };
        let Some(gen) = f.generator else {
            return;
        };
        let locals: Vec<Ref> = self.locals.drain(f.lbase as usize..).collect();
        let locals: Vec<Option<ObjId>> = locals
            .into_iter()
            .map(|r| {
                if r.is_null() {
                    None
                } else {
                    Some(self.own(heap, r))
                }
            })
            .collect();
        let stack: Vec<Ref> = self.stack.drain(f.sbase as usize..).collect();
        let stack: Vec<Option<ObjId>> = stack
            .into_iter()
            .map(|r| (!r.is_null()).then(|| self.own(heap, r)))
            .collect();
        let exc = self.exc_info.pop().and_then(|r| r.id());
        if let Some(fo) = f.frame_obj {
            if let Kind::FrameObj(fd) = &mut heap.get_mut(fo).kind {
                fd.state = FrameState::Suspended;
                fd.lineno = f.line;
            }
        }
        if let Kind::Generator(g) = &mut heap.get_mut(gen).kind {
            g.locals = locals;
            g.stack = stack;
            g.pc = f.pc;
            g.state = FrameState::Suspended;
            g.exc_state = exc;
            g.frame = f.frame_obj;
        }
    }

    /// A generator's frame is left by an exception: the generator is finished.
    pub(crate) fn finish_generator_frame(&mut self, heap: &mut Heap, gen: ObjId) {
        if let Kind::Generator(g) = &mut heap.get_mut(gen).kind {
            g.state = FrameState::Completed;
        }
        self.release_frame_function(heap, gen);
    }

    /// A cleared generator frame lets go of its function (`f_funcobj`, 3.11+); 3.13 keeps it
    /// (measured: a generator expression's function is still collected with the generator).
    fn release_frame_function(&mut self, heap: &mut Heap, gen: ObjId) {
        let minor = heap.config.version.minor;
        if minor < 11 || minor == 13 {
            return;
        }
        let func = match &mut heap.get_mut(gen).kind {
            Kind::Generator(g) => g.func.take(),
            _ => None,
        };
        if let Some(f) = func {
            heap.decref(self, f);
        }
    }

    /// Closing an unstarted generator clears its frame: the locals go, and its function
    /// (3.11+) or, up to 3.10, its frame object (`gi_frame` becomes None).
    fn clear_unstarted_generator(&mut self, heap: &mut Heap, gen: ObjId) {
        self.clear_generator(heap, gen);
        self.release_frame_function(heap, gen);
        if heap.config.frames_are_objects {
            let fo = match &mut heap.get_mut(gen).kind {
                Kind::Generator(g) => g.frame.take(),
                _ => None,
            };
            if let Some(fo) = fo {
                if let Kind::FrameObj(f) = &mut heap.get_mut(fo).kind {
                    f.gen = None;
                    f.state = FrameState::Completed;
                }
                heap.decref(self, fo);
            }
        }
    }

    /// The end of a generator frame (returned or raised): its exception slot is dropped.
    pub(crate) fn generator_frame_ended(&mut self, heap: &mut Heap) {
        if let Some(r) = self.exc_info.pop() {
            self.close(heap, r);
        }
    }

    /// `SEND`: sends `value` into the sub-iterator of a `yield from`.
    pub(crate) fn send_to(&mut self, heap: &mut Heap, recv: ObjId, value: ObjId) -> R<Sent> {
        if matches!(heap.kind(recv), Kind::Generator(_)) {
            return self.gen_send(heap, recv, value);
        }
        if matches!(heap.kind(value), Kind::None) {
            return match self.iter_next_with_value(heap, recv)? {
                Ok(v) => Ok(Sent::Yielded(v)),
                Err(ret) => Ok(Sent::Returned(ret)),
            };
        }
        let name = self.intern(heap, "send");
        let m = self.getattr(heap, recv, name);
        heap.decref(self, name);
        let m = m?;
        let r = self.call1(heap, m, &[value]);
        heap.decref(self, m);
        match r {
            Ok(v) => Ok(Sent::Yielded(v)),
            Err(e) if self.err_matches(heap, &e, T::StopIteration) => {
                let exc = self.normalize(heap, e)?;
                let v = self.stop_iteration_value(heap, exc);
                heap.decref(self, exc);
                Ok(Sent::Returned(v))
            }
            Err(e) => Err(e),
        }
    }

    /// `gen.throw(exc)`: raises `exc` (owned, an exception object) where the generator is
    /// suspended.
    pub(crate) fn gen_throw(&mut self, heap: &mut Heap, gen: ObjId, exc: ObjId) -> R<Sent> {
        let (state, code_id, pc) = match heap.kind(gen) {
            Kind::Generator(g) => (g.state, g.code, g.pc),
            _ => {
                heap.decref(self, exc);
                return Err(type_error("not a generator"));
            }
        };
        match state {
            FrameState::Executing => {
                heap.decref(self, exc);
                Err(value_error("generator already executing"))
            }
            FrameState::Created | FrameState::Completed => {
                // Raised before the first instruction: the generator is finished.
                if let Kind::Generator(g) = &mut heap.get_mut(gen).kind {
                    g.state = FrameState::Completed;
                }
                self.clear_generator(heap, gen);
                Err(Exc::new(Raised::Obj(exc)))
            }
            FrameState::Suspended => {
                // Delegation: a generator suspended in `yield from` throws into its
                // sub-generator first.
                let code = self.codes[code_id as usize].clone();
                let in_yield_from =
                    pc >= 2 && matches!(code.instrs.get(pc as usize - 2), Some(Instr::Send(_)));
                if in_yield_from {
                    let sub = match heap.kind(gen) {
                        Kind::Generator(g) => g.stack.last().copied().flatten(),
                        _ => None,
                    };
                    if let Some(sub) = sub.filter(|&s| matches!(heap.kind(s), Kind::Generator(_))) {
                        let is_exit = self.exception_matches(heap, exc, T::GeneratorExit);
                        let delegated = if is_exit {
                            self.gen_close(heap, sub).map(|()| None)
                        } else {
                            heap.incref(exc);
                            self.gen_throw(heap, sub, exc).map(Some)
                        };
                        match delegated {
                            Ok(Some(Sent::Yielded(v))) => {
                                heap.decref(self, exc);
                                return Ok(Sent::Yielded(v));
                            }
                            Ok(Some(Sent::Returned(v))) => {
                                // The sub-generator finished: resume the outer one with its value.
                                heap.decref(self, exc);
                                self.resume_frame(heap, gen)?;
                                // Replace the sub-iterator on the stack with the value and go on
                                // after the yield-from loop.
                                let sub_ref = self.pop();
                                self.close(heap, sub_ref);
                                self.push_owned(v);
                                let exit_target = match code.instrs.get(pc as usize - 2) {
                                    Some(Instr::Send(t)) => *t,
                                    _ => pc,
                                };
                                self.frame_mut().pc = exit_target;
                                return self.run_generator(heap, gen);
                            }
                            Ok(None) => {}
                            Err(e) => {
                                heap.decref(self, exc);
                                return self.throw_into_frame(heap, gen, e);
                            }
                        }
                    }
                }
                self.throw_into_frame(heap, gen, Exc::new(Raised::Obj(exc)))
            }
        }
    }

    /// Resumes a suspended generator with `e` raised at its `yield`.
    fn throw_into_frame(&mut self, heap: &mut Heap, gen: ObjId, e: Exc) -> R<Sent> {
        self.resume_frame(heap, gen)?;
        let exc = self.normalize(heap, e)?;
        // The exception's context is the exception the generator was handling.
        self.chain_context(heap, exc);
        heap.incref(gen);
        let entry = self.frames.len() - 1;
        let r = self.unwind(heap, Exc::new(Raised::Obj(exc)), true, entry);
        let out = match r {
            Ok(()) => {
                heap.decref(self, gen);
                return self.run_generator(heap, gen);
            }
            Err(e) => Err(e),
        };
        heap.decref(self, gen);
        out
    }

    /// `gen.close()`: `GeneratorExit` thrown in; yielding again is a `RuntimeError`.
    pub(crate) fn gen_close(&mut self, heap: &mut Heap, gen: ObjId) -> R<()> {
        let state = match heap.kind(gen) {
            Kind::Generator(g) => g.state,
            _ => return Ok(()),
        };
        match state {
            FrameState::Created => {
                if let Kind::Generator(g) = &mut heap.get_mut(gen).kind {
                    g.state = FrameState::Completed;
                }
                // 3.12 and 3.13 only mark an unstarted generator finished; the others also
                // clear its frame (its locals go now).
                let minor = heap.config.version.minor;
                if minor != 12 && minor != 13 {
                    self.clear_unstarted_generator(heap, gen);
                }
                Ok(())
            }
            FrameState::Completed => Ok(()),
            FrameState::Executing => Err(value_error("generator already executing")),
            FrameState::Suspended => {
                let none = heap.none();
                let args = self.new_tuple(heap, Vec::new());
                heap.decref(self, none);
                let exc = self.new_exception(heap, self.types.get(T::GeneratorExit), args);
                match self.gen_throw(heap, gen, exc) {
                    Ok(Sent::Yielded(v)) => {
                        heap.decref(self, v);
                        Err(err(T::RuntimeError, "generator ignored GeneratorExit"))
                    }
                    Ok(Sent::Returned(v)) => {
                        heap.decref(self, v);
                        Ok(())
                    }
                    Err(e) => {
                        if self.err_matches(heap, &e, T::GeneratorExit)
                            || self.err_matches(heap, &e, T::StopIteration)
                        {
                            self.discard(heap, e);
                            Ok(())
                        } else {
                            Err(e)
                        }
                    }
                }
            }
        }
    }

    /// Drops a finished generator's saved locals and stack.
    fn clear_generator(&mut self, heap: &mut Heap, gen: ObjId) {
        let (locals, stack) = match &mut heap.get_mut(gen).kind {
            Kind::Generator(g) => (std::mem::take(&mut g.locals), std::mem::take(&mut g.stack)),
            _ => return,
        };
        for l in locals.into_iter().flatten() {
            heap.decref(self, l);
        }
        for s in stack.into_iter().flatten() {
            heap.decref(self, s);
        }
    }

    /// The generator's `tp_finalize`: closes it if it is suspended (errors are unraisable).
    pub(crate) fn finalize_generator(&mut self, heap: &mut Heap, gen: ObjId) {
        let state = match heap.kind(gen) {
            Kind::Generator(g) => g.state,
            _ => return,
        };
        if state != FrameState::Suspended {
            if state == FrameState::Created {
                let minor = heap.config.version.minor;
                if let Kind::Generator(g) = &mut heap.get_mut(gen).kind {
                    g.state = FrameState::Completed;
                }
                if minor != 12 && minor != 13 {
                    self.clear_unstarted_generator(heap, gen);
                }
            }
            return;
        }
        if let Err(e) = self.gen_close(heap, gen) {
            self.unraisable(heap, e, Some(gen), None);
        }
    }

    /// The value a `StopIteration` carries (new reference).
    pub(crate) fn stop_iteration_value(&mut self, heap: &mut Heap, exc: ObjId) -> ObjId {
        let v = match heap.kind(exc) {
            Kind::Exception(e) => e.extra[0].or_else(|| match heap.kind(e.args) {
                Kind::Tuple(items) => items.first().copied(),
                _ => None,
            }),
            _ => None,
        };
        match v {
            Some(v) => {
                heap.incref(v);
                v
            }
            None => heap.none(),
        }
    }
}
