//! Running source code: parsing and compiling a chunk, running its module code in `__main__`,
//! `exec()`, and the end of the interpreter (`atexit` callbacks, the finalizers still alive,
//! `__main__`'s names cleared in CPython's order, a last collection).

use std::rc::Rc;

use rustpython_parser::ast;

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::Kind;

use super::exception::{type_error, unsupported, Exc, Raised, R};
use super::frame::{Exit, Frame, Ref};
use super::{RunError, Vm};
use crate::python::compiler::{self, CompileError};
use crate::python::source::Source;

/// A chunk of `__main__` whose module code has started: the parser arena it holds until it
/// ends, and its frame's index.
pub(crate) struct ChunkRun {
    arena: Vec<ObjId>,
    entry: usize,
}

impl Vm {
    /// Parses and compiles a chunk of source for this interpreter's version.
    fn compile_chunk(
        &mut self,
        text: &str,
        first_line: u32,
    ) -> Result<Rc<crate::python::compiler::code::Code>, RunError> {
        let source = Rc::new(Source::new(&self.path, text, first_line));
        self.sources.push(source.clone());
        compiler::compile_source(text, source.clone(), self.minor).map_err(|e| {
            let msg = e.located(&source);
            match e {
                CompileError::Unsupported(..) => RunError::Unsupported(msg),
                CompileError::Syntax(..) | CompileError::Indentation(..) => RunError::Syntax(msg),
            }
        })
    }

    /// Runs a library module's source in its dict (`self.path` names the module's file).
    pub(crate) fn run_module_source(
        &mut self,
        heap: &mut Heap,
        text: &str,
        dict: crate::engine::ids::ObjId,
    ) -> super::exception::R<()> {
        let code = match self.compile_chunk(text, 0) {
            Ok(c) => c,
            Err(RunError::Unsupported(m) | RunError::Syntax(m)) => {
                return Err(unsupported(format!("a library module: {m}")))
            }
            Err(_) => return Err(unsupported("a library module")),
        };
        let id = self.load_code(heap, code);
        let arena = std::mem::take(&mut self.arena);
        let r = self.run_code(heap, id, dict, Some(dict));
        self.release_arena(heap, arena);
        let v = r?;
        heap.decref(self, v);
        Ok(())
    }

    /// Runs a chunk of a program in `__main__` (its lines start at `first_line + 1`).
    pub(crate) fn run_chunk(
        &mut self,
        heap: &mut Heap,
        text: &str,
        first_line: u32,
    ) -> Option<RunError> {
        if let Err(e) = self.start_chunk(heap, text, first_line) {
            return Some(e);
        }
        loop {
            if let Some(done) = self.resume_chunk(heap, u64::MAX) {
                return done;
            }
        }
    }

    /// Compiles a chunk and pushes its module frame, paused before its first statement
    /// ([`Vm::resume_chunk`] runs it). A syntax error or an unsupported construct is reported
    /// (written to stderr) and returned.
    pub(crate) fn start_chunk(
        &mut self,
        heap: &mut Heap,
        text: &str,
        first_line: u32,
    ) -> Result<(), RunError> {
        self.release_module_code(heap);
        self.step_deadline = self.steps.saturating_add(heap.config.step_limit);
        self.stopped = None;
        let code = match self.compile_chunk(text, first_line) {
            Ok(c) => c,
            Err(e) => {
                let msg = match &e {
                    RunError::Syntax(m) | RunError::Unsupported(m) => m.clone(),
                    _ => String::new(),
                };
                self.emit(heap, true, &format!("{msg}\n"));
                return Err(e);
            }
        };
        let id = self.load_code(heap, code);
        let arena = std::mem::take(&mut self.arena);
        self.last_module_code = Some(id);
        let globals = self.main_dict;
        let entry = self.push_module_frame(heap, id, globals, Some(globals));
        self.chunk = Some(ChunkRun { arena, entry });
        Ok(())
    }

    /// Runs the started chunk for at most `steps` more steps (statements and loop iterations of
    /// its own code; a call from a builtin, a `__del__` or an import runs to its end). `None`:
    /// paused between two steps, with every frame kept; else how the chunk ended, reported.
    pub(crate) fn resume_chunk(&mut self, heap: &mut Heap, steps: u64) -> Option<Option<RunError>> {
        let entry = self.chunk.as_ref()?.entry;
        self.slice_end = self.steps.saturating_add(steps);
        self.nesting += 1;
        let r = self.run_loop_inner(heap, entry);
        self.nesting -= 1;
        self.slice_end = u64::MAX;
        let r = match r {
            Ok(None) => return None,
            Ok(Some(super::eval::Outcome::Return(v) | super::eval::Outcome::Yield(v))) => Ok(v),
            Err(e) => Err(e),
        };
        let chunk = self.chunk.take()?;
        self.release_arena(heap, chunk.arena);
        Some(match r {
            Ok(v) => {
                heap.decref(self, v);
                let fatal = self.fatal.take();
                fatal.map(|e| self.report(heap, e))
            }
            Err(e) => Some(self.report(heap, e)),
        })
    }

    /// Stops the chunk that is paused: its next step raises pymemsim's limit with `why`
    /// (after the statement's location), as the step limit would, and so does every later
    /// statement of the chunk (a `__del__` the unwinding runs); the next chunk starts afresh.
    pub(crate) fn stop_chunk(&mut self, why: &str) {
        let msg = format!("{}:{}: {why}", self.path, self.line);
        self.fatal = Some(super::exception::limit(msg.clone()));
        self.stopped = Some(msg);
    }

    /// Runs a module-level code object with the given globals and namespace; returns what it
    /// returned.
    pub(crate) fn run_code(
        &mut self,
        heap: &mut Heap,
        id: u32,
        globals: ObjId,
        namespace: Option<ObjId>,
    ) -> R<ObjId> {
        self.push_module_frame(heap, id, globals, namespace);
        match self.run_loop(heap)? {
            super::eval::Outcome::Return(v) | super::eval::Outcome::Yield(v) => Ok(v),
        }
    }

    /// Pushes the frame of a module-level code object (the loop leaves when it returns);
    /// returns its index.
    fn push_module_frame(
        &mut self,
        heap: &mut Heap,
        id: u32,
        globals: ObjId,
        namespace: Option<ObjId>,
    ) -> usize {
        let code = self.codes[id as usize].clone();
        let lbase = self.locals.len();
        self.locals.resize(lbase + code.nlocalsplus(), Ref::NULL);
        let sbase = self.stack.len();
        self.frames.push(Frame {
            line: code.firstlineno,
            code: code.clone(),
            code_id: id,
            pc: 0,
            lasti: 0,
            lbase: lbase as u32,
            sbase: sbase as u32,
            globals,
            namespace,
            func: None,
            func_borrowed: false,
            frame_obj: None,
            generator: None,
            exit: Exit::Entry,
            caller_cleanup: 0,
        });
        if heap.config.frames_are_objects {
            // 3.8–3.10: the module's frame object exists while it runs.
            let _ = self.frame_object(heap, self.frames.len() - 1);
        }
        self.frames.len() - 1
    }

    /// The previous chunk's module code is finished: its constants go (CPython frees a
    /// module's code object, and with it the constants only it held, when the run ends).
    fn release_module_code(&mut self, heap: &mut Heap) {
        if let Some(id) = self.last_module_code.take() {
            let consts = std::mem::take(&mut self.code_consts[id as usize]);
            for c in consts {
                heap.decref(self, c);
            }
        }
    }

    /// `exec(source, globals=None, locals=None)` and `eval(...)`: the source compiled as a
    /// module (or an expression) and run with the caller's namespaces — a function's locals as
    /// a snapshot dict, as `locals()` gives them — or the dicts given.
    pub(crate) fn exec_string(
        &mut self,
        heap: &mut Heap,
        src: ObjId,
        globals: Option<ObjId>,
        locals: Option<ObjId>,
        eval: bool,
    ) -> R<ObjId> {
        let what = if eval { "eval" } else { "exec" };
        let text = match heap.kind(src) {
            Kind::Str(s) => s.to_string(),
            Kind::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            _ => {
                let t = self.type_name(heap, src);
                return Err(type_error(if eval {
                    "eval() arg 1 must be a string, bytes or code object".to_string()
                } else {
                    format!("exec() arg 1 must be a string, bytes or code object, not {t}")
                }));
            }
        };
        let none =
            |heap: &Heap, o: Option<ObjId>| o.filter(|&x| !matches!(heap.kind(x), Kind::None));
        let (globals, locals) = (none(heap, globals), none(heap, locals));
        if let Some(g) = globals {
            if !matches!(heap.kind(g), Kind::Dict(_)) {
                let t = self.type_name(heap, g);
                return Err(type_error(format!(
                    "{what}() globals must be a dict, not {t}"
                )));
            }
            // The globals get the builtins, as CPython inserts `__builtins__`.
            if heap.dict_get_str(g, "__builtins__").is_none() {
                let key = self.intern(heap, "__builtins__");
                let m = self.import_builtin_module(heap, "builtins")?;
                self.dict_setitem(heap, g, key, m)?;
            }
        }
        let Some(frame) = self.frames.last() else {
            return Err(unsupported(format!("{what}() outside running code")));
        };
        let (fglobals, fnamespace, lbase) = (frame.globals, frame.namespace, frame.lbase);
        let code_id = frame.code_id;
        // The namespaces: those given, else the caller's (a function's locals as a dict).
        let (g, ns, snapshot) = match (globals, locals) {
            (Some(g), Some(l)) => (g, l, None),
            (Some(g), None) => (g, g, None),
            (None, Some(l)) => (fglobals, l, None),
            (None, None) => match fnamespace {
                Some(ns) => (fglobals, ns, None),
                None => {
                    let d = self.locals_snapshot(heap, code_id, lbase as usize)?;
                    (fglobals, d, Some(d))
                }
            },
        };
        let saved_path = std::mem::replace(&mut self.path, "<string>".into());
        let code = if eval {
            let text = text.trim_start_matches([' ', '\t']).to_string();
            match rustpython_parser::parse(&text, rustpython_parser::Mode::Expression, "<string>") {
                Ok(ast::Mod::Expression(e)) => {
                    let source = Rc::new(Source::new("<string>", &text, 0));
                    self.sources.push(source.clone());
                    compiler::compile_expression(&e.body, source, self.minor).map_err(|e| match e {
                        CompileError::Syntax(m, _) | CompileError::Indentation(m, _) => {
                            RunError::Syntax(m)
                        }
                        CompileError::Unsupported(m, _) => RunError::Unsupported(m),
                    })
                }
                Ok(_) => Err(RunError::Syntax("invalid syntax".into())),
                Err(e) => Err(RunError::Syntax(e.error.to_string())),
            }
        } else {
            self.compile_chunk(&text, 0)
        };
        self.path = saved_path;
        let code = match code {
            Ok(c) => c,
            Err(e) => {
                if let Some(d) = snapshot {
                    heap.decref(self, d);
                }
                return Err(match e {
                    RunError::Unsupported(m) => Exc::new(Raised::Unsupported(m)),
                    RunError::Syntax(m) => {
                        super::exception::err(super::builtins::T::SyntaxError, m)
                    }
                    _ => unsupported(what.to_string()),
                });
            }
        };
        let id = self.load_code(heap, code);
        let arena = std::mem::take(&mut self.arena);
        let r = self.run_code(heap, id, g, Some(ns));
        self.release_arena(heap, arena);
        // The code's constants go with it.
        let consts = std::mem::take(&mut self.code_consts[id as usize]);
        for c in consts {
            heap.decref(self, c);
        }
        if let Some(d) = snapshot {
            heap.decref(self, d);
        }
        let v = r?;
        if eval {
            Ok(v)
        } else {
            heap.decref(self, v);
            Ok(heap.none())
        }
    }

    /// A dict of a function frame's local variables (cells' contents included).
    pub(crate) fn locals_snapshot(
        &mut self,
        heap: &mut Heap,
        code_id: u32,
        lbase: usize,
    ) -> R<ObjId> {
        let code = self.codes[code_id as usize].clone();
        let d = heap.dict(self);
        let nfree = code.nfrees as usize;
        for (i, name) in code.localsplus.iter().enumerate() {
            let Some(mut v) = self.locals.get(lbase + i).and_then(|r| r.id()) else {
                continue;
            };
            if i >= code.localsplus.len() - nfree || code.cell_slots.contains(&(i as u32)) {
                match heap.kind(v) {
                    Kind::Cell(Some(x)) => v = *x,
                    _ => continue,
                }
            }
            let k = self.intern(heap, name);
            heap.incref(v);
            self.dict_setitem(heap, d, k, v)?;
        }
        Ok(d)
    }

    /// The interpreter ends (`Py_FinalizeEx`): `atexit` callbacks run (the still-alive
    /// `weakref.finalize` objects run from theirs), the module code is released, then
    /// `__main__` leaves `sys.modules`: the module dies and its dict with it unless something
    /// else holds the dict (a function's globals, in a cycle), which the last collection then
    /// frees. Objects freed here still print; what outlives this is torn down after `sys`'s
    /// streams are gone, so pymemsim stops here.
    pub(crate) fn shutdown(&mut self, heap: &mut Heap) {
        if !self.frames.is_empty() {
            return;
        }
        self.run_atexit(heap);
        self.run_exit_finalizers(heap);
        self.release_module_code(heap);
        if let Some(m) = self.modules.remove("__main__") {
            heap.decref(self, m);
        }
        // The interpreter's own reference to `__main__`'s dict.
        let d = self.main_dict;
        let addr = heap.is_live(d).then(|| heap.get(d).addr);
        if addr.is_some() {
            heap.decref(self, d);
        }
        heap.gc.enabled = true;
        let _ = heap.collect_explicit(self, 2);
        // A `__main__` dict that survived the collection (a function's `__globals__` kept by
        // a finalizer, say) is cleared as `_PyModule_ClearDict` does: names starting with one
        // underscore set to None first, then the others (`__builtins__` kept).
        let same_dict = heap.is_live(d)
            && Some(heap.get(d).addr) == addr
            && matches!(heap.kind(d), Kind::Dict(dd) if !dd.class_namespace);
        if same_dict {
            heap.incref(d);
            self.clear_module_dict(heap, d);
            heap.decref(self, d);
            let _ = heap.collect_explicit(self, 2);
        }
    }

    /// `_PyModule_ClearDict`: a module's names set to None, the ones with one leading
    /// underscore first.
    fn clear_module_dict(&mut self, heap: &mut Heap, d: ObjId) {
        for underscored in [true, false] {
            let keys: Vec<ObjId> = match heap.kind(d) {
                Kind::Dict(dd) => dd.iter().map(|(k, _)| k).collect(),
                _ => Vec::new(),
            };
            for k in keys {
                let name = match heap.kind(k) {
                    Kind::Str(s) => s.clone(),
                    _ => continue,
                };
                let single = name.starts_with('_') && !name.starts_with("__");
                if &*name == "__builtins__" || (underscored && !single) {
                    continue;
                }
                if matches!(
                    heap.dict_get_str(d, &name).map(|v| heap.kind(v)),
                    Some(Kind::None)
                ) {
                    continue;
                }
                heap.incref(k);
                let none = heap.none();
                let _ = self.dict_setitem(heap, d, k, none);
            }
        }
    }
}
