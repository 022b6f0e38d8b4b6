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

impl Vm {
    /// Parses and compiles a chunk of source for this interpreter's version.
    fn compile_chunk(&mut self, text: &str, first_line: u32) -> Result<Rc<crate::python::compiler::code::Code>, RunError> {
        let source = Rc::new(Source::new(&self.path, text, first_line));
        self.sources.push(source.clone());
        let parsed = rustpython_parser::parse(text, rustpython_parser::Mode::Module, &self.path);
        let module = match parsed {
            Ok(ast::Mod::Module(m)) => m,
            Ok(_) => return Err(RunError::Syntax("not a module".into())),
            Err(e) => {
                let (line, col) = source.line_col(u32::from(e.offset) as usize);
                let msg = format!("{}:{}:{}: syntax error: {}", self.path, line, col, e.error);
                return Err(RunError::Syntax(msg));
            }
        };
        compiler::compile_module(&module.body, source.clone(), self.minor).map_err(|e| match e {
            CompileError::Syntax(msg, offset) => {
                let (line, col) = source.line_col(offset as usize);
                RunError::Syntax(format!("{}:{}:{}: syntax error: {}", self.path, line, col, msg))
            }
            CompileError::Unsupported(msg, offset) => {
                let (line, col) = source.line_col(offset as usize);
                RunError::Unsupported(format!(
                    "{}:{}:{}: not supported in pymemsim: {}",
                    self.path, line, col, msg
                ))
            }
        })
    }

    /// Runs a chunk of a program in `__main__` (its lines start at `first_line + 1`).
    pub(crate) fn run_chunk(&mut self, heap: &mut Heap, text: &str, first_line: u32) -> Option<RunError> {
        self.release_module_code(heap);
        self.run_start_steps = self.steps;
        let code = match self.compile_chunk(text, first_line) {
            Ok(c) => c,
            Err(e) => {
                let msg = match &e {
                    RunError::Syntax(m) | RunError::Unsupported(m) => m.clone(),
                    _ => String::new(),
                };
                self.emit(heap, true, &format!("{msg}\n"));
                return Some(e);
            }
        };
        let id = self.load_code(heap, code.clone());
        self.last_module_code = Some(id);
        let globals = self.main_dict;
        let r = self.run_code(heap, id, globals, Some(globals));
        match r {
            Ok(v) => {
                heap.decref(self, v);
                None
            }
            Err(e) => Some(self.report(heap, e)),
        }
    }

    /// Runs a module-level code object with the given globals and namespace; returns what it
    /// returned.
    pub(crate) fn run_code(&mut self, heap: &mut Heap, id: u32, globals: ObjId, namespace: Option<ObjId>) -> R<ObjId> {
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
            frame_obj: None,
            generator: None,
            exit: Exit::Entry,
            caller_cleanup: 0,
        });
        if heap.config.frames_are_objects {
            // 3.8–3.10: the module's frame object exists while it runs.
            let _ = self.frame_object(heap, self.frames.len() - 1);
        }
        match self.run_loop(heap)? {
            super::eval::Outcome::Return(v) | super::eval::Outcome::Yield(v) => Ok(v),
        }
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

    /// `exec(source, globals=None, locals=None)` (`eval` is not modelled yet).
    pub(crate) fn exec_string(
        &mut self,
        heap: &mut Heap,
        src: ObjId,
        globals: Option<ObjId>,
        locals: Option<ObjId>,
        eval: bool,
    ) -> R<ObjId> {
        if eval {
            return Err(unsupported("eval()"));
        }
        let text = match heap.kind(src) {
            Kind::Str(s) => s.to_string(),
            _ => {
                let t = self.type_name(heap, src);
                return Err(type_error(format!(
                    "exec() arg 1 must be a string, bytes or code object, not {t}"
                )));
            }
        };
        let none = |heap: &Heap, o: Option<ObjId>| o.filter(|&x| !matches!(heap.kind(x), Kind::None));
        let (globals, locals) = (none(heap, globals), none(heap, locals));
        if globals.is_some() || locals.is_some() {
            return Err(unsupported("exec() with explicit globals or locals"));
        }
        if self.frames.len() != 1 {
            return Err(unsupported("exec() inside a function"));
        }
        let saved_path = self.path.clone();
        self.path = "<string>".into();
        let code = self.compile_chunk(&text, 0);
        self.path = saved_path;
        let code = match code {
            Ok(c) => c,
            Err(RunError::Unsupported(m)) => return Err(Exc::new(Raised::Unsupported(m))),
            Err(RunError::Syntax(m)) => return Err(super::exception::err(super::builtins::T::SyntaxError, m)),
            Err(_) => return Err(unsupported("exec()")),
        };
        let id = self.load_code(heap, code);
        let g = self.frame().globals;
        let ns = self.frame().namespace;
        let v = self.run_code(heap, id, g, ns)?;
        heap.decref(self, v);
        Ok(heap.none())
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
        if heap.is_live(d) {
            heap.decref(self, d);
        }
        heap.gc.enabled = true;
        let _ = heap.collect_explicit(self, 2);
    }
}
