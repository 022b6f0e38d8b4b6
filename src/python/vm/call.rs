//! Calling: `CALL` from the loop (a Python function gets a frame in the same loop, anything
//! else is called with borrowed arguments), calls from Rust into Python ([`Vm::call_object`]),
//! and binding arguments to parameters with CPython's errors for bad calls (positional,
//! keyword, defaults, `*args`, `**kwargs`, keyword-only, positional-only).

use std::rc::Rc;

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{FunctionData, Kind};

use super::builtins::T;
use super::eval::Outcome;
use super::exception::{err, type_error, R};
use super::frame::{Exit, Frame, Ref};
use super::Vm;
use crate::python::compiler::code::{Code, CodeKind};

impl Vm {
    /// `CALL n`: `[callable, self_or_null, args...]` on the stack (the keyword names, if any,
    /// popped already). Returns true when a Python frame was pushed (the loop goes on in it).
    pub(crate) fn call_instr(
        &mut self,
        heap: &mut Heap,
        n: usize,
        kwnames: Option<Ref>,
    ) -> R<bool> {
        let len = self.stack.len();
        let base = len - n - 2;
        let mut callable = self.stack[base];
        let mut this = self.stack[base + 1];
        // A bound method called without a self: its function with its self.
        if this.is_null() {
            if let Kind::Method(func, obj) = *heap.kind(callable.obj()) {
                heap.incref(func);
                heap.incref(obj);
                self.stack[base] = Ref::owned(func);
                self.stack[base + 1] = Ref::owned(obj);
                self.close(heap, callable);
                callable = self.stack[base];
                this = self.stack[base + 1];
            }
        }
        let func = callable.obj();
        if let Kind::Function(_) = heap.kind(func) {
            let with_self = !this.is_null();
            let kwn = kwnames.map(|k| self.own(heap, k));
            return self.push_function_frame_from_stack(heap, func, base, with_self, kwn);
        }
        // Anything else: borrowed arguments.
        let start = if this.is_null() { base + 2 } else { base + 1 };
        // Up to 8 arguments are copied into an array on the stack, more into a vector.
        let mut small = [ObjId::default(); 8];
        let large: Vec<ObjId>;
        let args: &[ObjId] = match self.stack.get(start..) {
            Some(refs) if refs.len() <= small.len() => {
                for (slot, r) in small.iter_mut().zip(refs) {
                    *slot = r.obj();
                }
                &small[..refs.len()]
            }
            refs => {
                large = refs.unwrap_or_default().iter().map(|r| r.obj()).collect();
                &large
            }
        };
        let kwn = kwnames.map(Ref::obj);
        let r = match (heap.kind(func), kwn) {
            // A builtin method called on its object (`lst.append(x)`): straight to it.
            (Kind::BuiltinFn(f, None), None) => {
                let f = *f;
                self.call_builtin(heap, f, None, args, &[], &[])
            }
            _ => self.call_object(heap, func, args, kwn),
        };
        // Release the arguments, then the callable (and the keyword names).
        while self.stack.len() > base + 1 {
            let a = self.pop();
            self.close(heap, a);
        }
        let c = self.pop();
        self.close(heap, c);
        if let Some(k) = kwnames {
            self.close(heap, k);
        }
        let v = r?;
        self.push_owned(v);
        Ok(false)
    }

    /// `CALL_FUNCTION_EX`: a callable with an argument tuple (or iterable) and a mapping of
    /// keyword arguments. Returns true when a Python frame was pushed.
    pub(crate) fn call_ex(
        &mut self,
        heap: &mut Heap,
        callable: Ref,
        null: Ref,
        args: Ref,
        kwargs: Option<Ref>,
    ) -> R<bool> {
        // The positional arguments as a tuple.
        let args_obj = args.obj();
        let items: Vec<ObjId> = match heap.kind(args_obj) {
            Kind::Tuple(items) => items.clone(),
            _ => {
                let r = self.collect_iterable(heap, args_obj);
                match r {
                    Ok(v) => {
                        // collect_iterable returns owned items; make them borrowed in a tuple.
                        let t = self.new_tuple(heap, v);
                        self.close(heap, args);
                        let t_items = match heap.kind(t) {
                            Kind::Tuple(items) => items.clone(),
                            _ => Vec::new(),
                        };
                        return self.call_ex_items(
                            heap,
                            callable,
                            null,
                            Ref::owned(t),
                            t_items,
                            kwargs,
                        );
                    }
                    Err(e) => {
                        let fname = self.callable_name(heap, callable.obj());
                        let t = self.type_name(heap, args_obj);
                        self.discard(heap, e);
                        self.close(heap, args);
                        self.close(heap, callable);
                        self.close(heap, null);
                        if let Some(k) = kwargs {
                            self.close(heap, k);
                        }
                        return Err(type_error(format!(
                            "{fname} argument after * must be an iterable, not {t}"
                        )));
                    }
                }
            }
        };
        self.call_ex_items(heap, callable, null, args, items, kwargs)
    }

    fn call_ex_items(
        &mut self,
        heap: &mut Heap,
        callable: Ref,
        null: Ref,
        args: Ref,
        items: Vec<ObjId>,
        kwargs: Option<Ref>,
    ) -> R<bool> {
        // Keyword arguments as (names, values).
        let mut kw: Vec<(ObjId, ObjId)> = Vec::new();
        if let Some(k) = kwargs {
            match heap.kind(k.obj()) {
                Kind::Dict(d) => kw = d.iter().collect(),
                _ => {
                    self.close(heap, k);
                    self.close(heap, args);
                    self.close(heap, callable);
                    self.close(heap, null);
                    return Err(type_error("argument after ** must be a mapping"));
                }
            }
        }
        // Lay them out as CALL does and call.
        let base = self.stack.len();
        self.push(callable);
        self.push(null);
        for &it in &items {
            heap.incref(it);
            self.push_owned(it);
        }
        let kwnames = if kw.is_empty() {
            None
        } else {
            let mut names = Vec::new();
            for &(k, v) in &kw {
                heap.incref(k);
                names.push(k);
                heap.incref(v);
                self.push_owned(v);
            }
            Some(Ref::owned(self.new_tuple(heap, names)))
        };
        let n = self.stack.len() - base - 2;
        self.close(heap, args);
        if let Some(k) = kwargs {
            self.close(heap, k);
        }
        self.call_instr(heap, n, kwnames)
    }

    /// Pushes a frame for Python function `func` whose arguments are on the stack from
    /// `base` (`[func, self_or_null, args...]`): 3.11+ moves them into the frame; 3.8–3.10 copy
    /// them and leave them for the caller to release when the call returns.
    fn push_function_frame_from_stack(
        &mut self,
        heap: &mut Heap,
        func: ObjId,
        base: usize,
        with_self: bool,
        kwnames: Option<ObjId>,
    ) -> R<bool> {
        let steals = heap.config.call_steals_args;
        let first = if with_self { base + 1 } else { base + 2 };
        let nkw = kwnames.map_or(0, |k| match heap.kind(k) {
            Kind::Tuple(items) => items.len(),
            _ => 0,
        });
        let refs: Vec<Ref> = self.stack[first..].to_vec();
        let npos = refs.len() - nkw;
        let names: Vec<ObjId> = kwnames
            .map(|k| match heap.kind(k) {
                Kind::Tuple(items) => items.clone(),
                _ => Vec::new(),
            })
            .unwrap_or_default();
        // A borrowed callable stays borrowed in the frame (3.14's `f_funcobj`); owned for the
        // binding, whose error paths release it.
        let func_borrowed = steals && self.stack[base].is_borrowed();
        if func_borrowed {
            heap.incref(func);
        }
        let (args_refs, cleanup) = if steals {
            // Move: the arguments' stack slots become the frame's, the callable's reference
            // goes to the frame, the NULL (if any) is dropped.
            self.stack.truncate(base);
            (refs, 0u32)
        } else {
            // Copy: new references; the caller keeps its own until the call returns.
            let mut owned = Vec::with_capacity(refs.len());
            for r in &refs {
                let id = r.obj();
                heap.incref(id);
                owned.push(Ref::owned(id));
            }
            (owned, (self.stack.len() - base) as u32)
        };
        let pos: Vec<Ref> = args_refs[..npos].to_vec();
        let kw: Vec<(ObjId, Ref)> = names
            .iter()
            .copied()
            .zip(args_refs[npos..].iter().copied())
            .collect();
        let r = self.push_frame_bound(heap, func, pos, kw, steals, cleanup);
        if let Some(k) = kwnames {
            heap.decref(self, k);
        }
        match r? {
            Pushed::Frame => {
                if func_borrowed {
                    heap.decref(self, func);
                    self.frame_mut().func_borrowed = true;
                }
                Ok(true)
            }
            Pushed::Generator(g) => {
                for _ in 0..cleanup {
                    let r = self.pop();
                    self.close(heap, r);
                }
                self.push_owned(g);
                Ok(false)
            }
        }
    }

    /// Calls any callable from Rust with borrowed arguments (positional, then the values of
    /// the keywords named in `kwnames`); returns a new reference.
    pub(crate) fn call_object(
        &mut self,
        heap: &mut Heap,
        callable: ObjId,
        args: &[ObjId],
        kwnames: Option<ObjId>,
    ) -> R<ObjId> {
        let names: Vec<ObjId> = match kwnames.map(|k| heap.kind(k)) {
            Some(Kind::Tuple(items)) => items.clone(),
            _ => Vec::new(),
        };
        let npos = args.len() - names.len();
        match heap.kind(callable) {
            Kind::Function(_) => {
                let pos: Vec<Ref> = args[..npos]
                    .iter()
                    .map(|&a| {
                        heap.incref(a);
                        Ref::owned(a)
                    })
                    .collect();
                let kw: Vec<(ObjId, Ref)> = names
                    .iter()
                    .copied()
                    .zip(args[npos..].iter().map(|&a| {
                        heap.incref(a);
                        Ref::owned(a)
                    }))
                    .collect();
                heap.incref(callable);
                match self.push_frame_bound(heap, callable, pos, kw, true, 0)? {
                    Pushed::Generator(g) => Ok(g),
                    Pushed::Frame => {
                        self.frame_mut().exit = Exit::Entry;
                        match self.run_loop(heap)? {
                            Outcome::Return(v) => Ok(v),
                            Outcome::Yield(v) => Ok(v),
                        }
                    }
                }
            }
            Kind::Method(func, this) => {
                let (func, this) = (*func, *this);
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(this);
                all.extend_from_slice(args);
                heap.incref(func);
                heap.incref(this);
                let r = self.call_object(heap, func, &all, kwnames);
                heap.decref(self, this);
                heap.decref(self, func);
                r
            }
            Kind::BuiltinFn(f, bound) => {
                let (f, bound) = (*f, *bound);
                self.call_builtin(heap, f, bound, &args[..npos], &names, &args[npos..])
            }
            Kind::Type(_) | Kind::Class(_) => {
                self.call_type(heap, callable, &args[..npos], &names, &args[npos..])
            }
            _ => self.call_other(heap, callable, &args[..npos], &names, &args[npos..]),
        }
    }

    /// Calls with positional arguments only.
    pub(crate) fn call1(&mut self, heap: &mut Heap, callable: ObjId, args: &[ObjId]) -> R<ObjId> {
        self.call_object(heap, callable, args, None)
    }

    /// Calls with positional and keyword arguments given as pairs (borrowed).
    pub(crate) fn call_kw(
        &mut self,
        heap: &mut Heap,
        callable: ObjId,
        pos: &[ObjId],
        kw: &[(ObjId, ObjId)],
    ) -> R<ObjId> {
        if kw.is_empty() {
            return self.call_object(heap, callable, pos, None);
        }
        let mut args = pos.to_vec();
        let mut names = Vec::new();
        for &(k, v) in kw {
            heap.incref(k);
            names.push(k);
            args.push(v);
        }
        let kwnames = self.new_tuple(heap, names);
        let r = self.call_object(heap, callable, &args, Some(kwnames));
        heap.decref(self, kwnames);
        r
    }

    /// Binds arguments (owned references, or borrowed ones 3.14 keeps borrowed) to `func`'s
    /// parameters and pushes its frame; `func` is owned by the frame from 3.11 (its reference
    /// is consumed) and only borrowed before (the caller keeps it, `caller_cleanup` items).
    pub(crate) fn push_frame_bound(
        &mut self,
        heap: &mut Heap,
        func: ObjId,
        pos: Vec<Ref>,
        kw: Vec<(ObjId, Ref)>,
        func_owned: bool,
        caller_cleanup: u32,
    ) -> R<Pushed> {
        let Kind::Function(fd) = heap.kind(func) else {
            return Err(type_error("not a function"));
        };
        let fd: FunctionData = FunctionData::clone(fd);
        let code_id = fd.code;
        let Some(code) = self.codes.get(code_id as usize).cloned() else {
            return Err(type_error("function without code"));
        };
        // The recursion limit (the module's frame counts).
        if self.frames.len() >= self.recursion_limit as usize {
            for r in pos {
                self.close(heap, r);
            }
            for (_, r) in kw {
                self.close(heap, r);
            }
            if func_owned {
                heap.decref(self, func);
            }
            for _ in 0..caller_cleanup {
                let r = self.pop();
                self.close(heap, r);
            }
            return Err(err(T::RecursionError, "maximum recursion depth exceeded"));
        }
        let lbase = self.locals.len();
        self.locals.resize(lbase + code.nlocalsplus(), Ref::NULL);
        if let Err(e) = self.bind_arguments(heap, &fd, &code, lbase, pos, kw) {
            let locals: Vec<Ref> = self.locals.drain(lbase..).collect();
            for r in locals {
                self.close(heap, r);
            }
            if func_owned {
                heap.decref(self, func);
            }
            for _ in 0..caller_cleanup {
                let r = self.pop();
                self.close(heap, r);
            }
            return Err(e);
        }
        // Cells for captured variables (MAKE_CELL), then the closure's cells.
        for &slot in &code.cell_slots {
            let i = lbase + slot as usize;
            let old = std::mem::replace(&mut self.locals[i], Ref::NULL);
            let content = if old.is_null() {
                None
            } else {
                Some(self.own(heap, old))
            };
            let cell = heap.alloc(self, Kind::Cell(content));
            self.locals[i] = Ref::owned(cell);
        }
        if code.nfrees > 0 {
            let cells: Vec<ObjId> = match fd.closure.map(|c| heap.kind(c)) {
                Some(Kind::Tuple(items)) => items.clone(),
                _ => Vec::new(),
            };
            let first = code.nlocalsplus() - code.nfrees as usize;
            for (k, cell) in cells.into_iter().enumerate() {
                heap.incref(cell);
                self.locals[lbase + first + k] = Ref::owned(cell);
            }
        }
        if code.generator {
            // A generator function returns a generator holding the frame.
            let gen = self.make_generator(heap, func, func_owned, &fd, code_id, &code, lbase);
            return Ok(Pushed::Generator(gen));
        }
        let frames_are_objects = heap.config.frames_are_objects;
        let owned_func = if heap.config.version.at_least(11) {
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
        let sbase = self.stack.len();
        self.frames.push(Frame {
            code: code.clone(),
            code_id,
            pc: 0,
            lasti: 0,
            lbase: lbase as u32,
            sbase: sbase as u32,
            globals: fd.globals,
            namespace: None,
            func: owned_func,
            func_borrowed: false,
            frame_obj: None,
            generator: None,
            exit: Exit::Caller,
            caller_cleanup,
            line: code.firstlineno,
        });
        if frames_are_objects {
            self.new_call_frame_object(heap, code_id, &code);
        }
        Ok(Pushed::Frame)
    }

    /// 3.8–3.10: every call has a frame object, the code's zombie frame when it has one.
    fn new_call_frame_object(&mut self, heap: &mut Heap, code_id: u32, code: &Code) {
        let fo = match self.zombie_frames.remove(&code_id) {
            Some(z) => z,
            None => {
                let size = self.frame_object_size(heap, code);
                heap.alloc_sized(
                    self,
                    Kind::FrameObj(Box::new(crate::engine::object::FrameData {
                        code: code_id,
                        func: None,
                        locals: Vec::new(),
                        back: None,
                        lineno: code.firstlineno,
                        state: crate::engine::object::FrameState::Executing,
                        gen: None,
                        locals_dict: None,
                    })),
                    Some(size),
                )
            }
        };
        if let Kind::FrameObj(f) = &mut heap.get_mut(fo).kind {
            f.state = crate::engine::object::FrameState::Executing;
            f.locals.clear();
        }
        self.frame_mut().frame_obj = Some(fo);
    }

    /// Binds arguments into the locals at `lbase` (`initialize_locals`).
    fn bind_arguments(
        &mut self,
        heap: &mut Heap,
        fd: &FunctionData,
        code: &Code,
        lbase: usize,
        pos: Vec<Ref>,
        kw: Vec<(ObjId, Ref)>,
    ) -> R<()> {
        let argcount = code.argcount as usize;
        let kwonly = code.kwonlyargcount as usize;
        let total = argcount + kwonly;
        let npos = pos.len();
        // **kwargs dict.
        let kwdict = if code.varkeywords {
            let d = heap.dict(self);
            let slot = total + usize::from(code.varargs);
            self.locals[lbase + slot] = Ref::owned(d);
            Some(d)
        } else {
            None
        };
        // Positional.
        let mut extra = Vec::new();
        for (i, r) in pos.into_iter().enumerate() {
            if i < argcount {
                self.locals[lbase + i] = r;
            } else {
                extra.push(r);
            }
        }
        if code.varargs {
            let items: Vec<ObjId> = extra.iter().map(|&r| self.own(heap, r)).collect();
            let t = self.new_tuple_from_array(heap, items);
            self.locals[lbase + total] = Ref::owned(t);
        } else if !extra.is_empty() {
            for r in extra {
                self.close(heap, r);
            }
            // Count the keyword-only arguments given, for the message.
            let kwonly_given = kw
                .iter()
                .filter(|(k, _)| {
                    let name = self.str_value(heap, *k);
                    code.localsplus[argcount..total]
                        .iter()
                        .any(|p| **p == *name)
                })
                .count();
            for (_, r) in kw {
                self.close(heap, r);
            }
            return Err(self.too_many_positional(heap, fd, code, npos, kwonly_given));
        }
        // Keywords.
        let mut kw_iter = kw.into_iter();
        while let Some((name, value)) = kw_iter.next() {
            let text = self.str_value(heap, name);
            let found = code.localsplus[code.posonlyargcount as usize..total]
                .iter()
                .position(|p| **p == *text)
                .map(|i| i + code.posonlyargcount as usize);
            match found {
                Some(i) => {
                    if !self.locals[lbase + i].is_null() {
                        self.close(heap, value);
                        for (_, r) in kw_iter {
                            self.close(heap, r);
                        }
                        let q = self.func_display_name(fd, code);
                        return Err(type_error(format!(
                            "{q}() got multiple values for argument '{text}'"
                        )));
                    }
                    self.locals[lbase + i] = value;
                }
                None => match kwdict {
                    Some(d) => {
                        heap.incref(name);
                        let v = self.own(heap, value);
                        self.dict_setitem(heap, d, name, v)?;
                    }
                    None => {
                        self.close(heap, value);
                        for (_, r) in kw_iter {
                            self.close(heap, r);
                        }
                        let q = self.func_display_name(fd, code);
                        let posonly = code.localsplus[..code.posonlyargcount as usize]
                            .iter()
                            .any(|p| **p == *text);
                        if posonly {
                            return Err(type_error(format!(
                                "{q}() got some positional-only arguments passed as keyword arguments: '{text}'"
                            )));
                        }
                        let msg = format!("{q}() got an unexpected keyword argument '{text}'");
                        return Err(type_error(msg));
                    }
                },
            }
        }
        // Defaults for missing positional parameters.
        let defaults: Vec<ObjId> = match fd.defaults.map(|d| heap.kind(d)) {
            Some(Kind::Tuple(items)) => items.clone(),
            _ => Vec::new(),
        };
        let first_default = argcount.saturating_sub(defaults.len());
        let mut missing = Vec::new();
        for i in 0..argcount {
            if self.locals[lbase + i].is_null() {
                if i >= first_default {
                    let d = defaults[i - first_default];
                    heap.incref(d);
                    self.locals[lbase + i] = Ref::owned(d);
                } else {
                    missing.push(code.localsplus[i].clone());
                }
            }
        }
        if !missing.is_empty() {
            return Err(self.missing_arguments(fd, code, &missing, "positional"));
        }
        // Keyword-only defaults.
        let mut missing = Vec::new();
        for i in argcount..total {
            if self.locals[lbase + i].is_null() {
                let name = code.localsplus[i].clone();
                let d = fd
                    .kwdefaults
                    .and_then(|kd| self.dict_get_str(heap, kd, &name));
                match d {
                    Some(d) => {
                        heap.incref(d);
                        self.locals[lbase + i] = Ref::owned(d);
                    }
                    None => missing.push(name),
                }
            }
        }
        if !missing.is_empty() {
            return Err(self.missing_arguments(fd, code, &missing, "keyword-only"));
        }
        Ok(())
    }

    /// The name a call error uses: the qualified name from 3.10 on, the code object's name
    /// before (a renamed function is still reported by its `def` or `lambda` name).
    pub(crate) fn func_display_name(&self, fd: &FunctionData, code: &Code) -> Rc<str> {
        if self.minor() >= 10 {
            fd.qualname.clone()
        } else {
            code.name.clone()
        }
    }

    fn missing_arguments(
        &self,
        fd: &FunctionData,
        code: &Code,
        missing: &[Rc<str>],
        kind: &str,
    ) -> super::exception::Exc {
        let q = self.func_display_name(fd, code);
        let quoted: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
        let listed = match quoted.len() {
            1 => quoted[0].clone(),
            2 => format!("{} and {}", quoted[0], quoted[1]),
            n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
        };
        type_error(format!(
            "{q}() missing {} required {kind} argument{}: {listed}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" }
        ))
    }

    fn too_many_positional(
        &self,
        heap: &Heap,
        fd: &FunctionData,
        code: &Code,
        given: usize,
        kwonly_given: usize,
    ) -> super::exception::Exc {
        let q = self.func_display_name(fd, code);
        let argcount = code.argcount as usize;
        let ndefaults = match fd.defaults.map(|d| heap.kind(d)) {
            Some(Kind::Tuple(items)) => items.len(),
            _ => 0,
        };
        let takes = if ndefaults > 0 {
            format!("from {} to {}", argcount - ndefaults, argcount)
        } else {
            format!("{argcount}")
        };
        let plural = if ndefaults == 0 && argcount == 1 {
            ""
        } else {
            "s"
        };
        let kwonly = if kwonly_given > 0 {
            format!(
                " positional argument{} (and {} keyword-only argument{})",
                if given == 1 { "" } else { "s" },
                kwonly_given,
                if kwonly_given == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        };
        let verb = if given == 1 && kwonly_given == 0 {
            "was"
        } else {
            "were"
        };
        type_error(format!(
            "{q}() takes {takes} positional argument{plural} but {given}{kwonly} {verb} given"
        ))
    }

    /// The text of a str object.
    pub(crate) fn str_value(&self, heap: &Heap, s: ObjId) -> Rc<str> {
        match heap.kind(s) {
            Kind::Str(t) => t.clone(),
            _ => Rc::from(""),
        }
    }

    /// Makes a function object (`MAKE_FUNCTION`) for the code constant `code_obj`.
    pub(crate) fn make_function(
        &mut self,
        heap: &mut Heap,
        code_obj: ObjId,
        defaults: Option<ObjId>,
        kwdefaults: Option<ObjId>,
        closure: Option<ObjId>,
    ) -> ObjId {
        let code_id = Self::code_index_of(heap, code_obj).unwrap_or(0);
        let code = self.codes[code_id as usize].clone();
        let globals = self.frame().globals;
        heap.incref(globals);
        let size = heap.config.function_size;
        let data = FunctionData {
            code: code_id,
            name: code.name.clone(),
            qualname: code.qualname.clone(),
            globals,
            defaults,
            closure,
            kwdefaults,
            dict: None,
            doc: None,
            module: None,
            annotations: None,
            annotate: None,
        };
        let f = heap.function(self, data);
        let _ = size;
        let _ = CodeKind::Function;
        f
    }

    /// The name a call error about `callable` uses (`f()`, `list.append()`).
    pub(crate) fn callable_name(&mut self, heap: &mut Heap, callable: ObjId) -> String {
        match heap.kind(callable) {
            Kind::Function(fd) => {
                let fd = FunctionData::clone(fd);
                let code = self.codes.get(fd.code as usize).cloned();
                match code {
                    Some(c) => format!("{}()", self.func_display_name(&fd, &c)),
                    None => format!("{}()", fd.name),
                }
            }
            _ => self
                .repr_of(heap, callable)
                .map(|s| s.to_string())
                .unwrap_or_default(),
        }
    }
}

/// What binding a Python function's call made.
pub(crate) enum Pushed {
    /// A frame, now the innermost.
    Frame,
    /// A generator (a generator function's call), owned.
    Generator(ObjId),
}
