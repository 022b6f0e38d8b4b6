//! The interpreter as the rest of pymemsim uses it: a heap and the VM, running chunks of a
//! program, evaluating expressions for lessons and the inspector, and lessons' raw allocator
//! operations.

use std::rc::Rc;

use rustpython_parser::ast;

use crate::engine::config::EngineConfig;
use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;

use super::exception::Raised;
use super::{RunError, Vm};
use crate::python::source::Source;

/// What a program printed and how it ended.
#[derive(Debug, Clone, Default)]
pub struct RunOutput {
    /// Everything written to stdout.
    pub stdout: String,
    /// Everything written to stderr.
    pub stderr: String,
    /// Both streams in the order the program wrote them: (is stderr, text).
    pub chunks: Vec<(bool, String)>,
    /// `None` when the program ran to the end.
    pub error: Option<RunError>,
}

impl RunOutput {
    /// The exit status: CPython's (0, 1 for an uncaught exception or a syntax error, the
    /// `SystemExit` code), or 2 when pymemsim stopped (a construct it does not model, a limit).
    pub fn exit_code(&self) -> i32 {
        match &self.error {
            None => 0,
            Some(RunError::Exit(n)) => *n,
            Some(RunError::Exception(_)) | Some(RunError::Syntax(_)) => 1,
            Some(RunError::Unsupported(_)) | Some(RunError::Limit(_)) => 2,
        }
    }
}

/// An object an expression named, as lessons and the inspector see it.
#[derive(Debug, Clone)]
pub struct Inspection {
    /// The object.
    pub id: ObjId,
    /// Its reference count, not counting the inspection's own reference.
    pub refcnt: i64,
    /// Whether the GC tracks it.
    pub tracked: bool,
    /// Its `repr()`.
    pub repr: String,
}

/// A simulated interpreter: the heap and the VM.
pub struct Interp {
    /// The heap (allocator, objects, collector, event log).
    pub heap: Heap,
    /// Everything else.
    pub rt: Vm,
}

impl Interp {
    /// A fresh interpreter for a preset.
    pub fn new(config: EngineConfig, path: &str) -> Self {
        let mut heap = Heap::new(config);
        let rt = Vm::new(&mut heap, path);
        Self { heap, rt }
    }

    /// Runs a program's source. It may be called again to run more code on the same heap (a
    /// lesson's chapters): each call is a new module code object.
    pub fn run_source(&mut self, source: &str) -> Option<RunError> {
        self.run_source_at(source, 0)
    }

    /// [`Interp::run_source`] for code that starts at line `first_line + 1` of a file.
    pub fn run_source_at(&mut self, source: &str, first_line: u32) -> Option<RunError> {
        self.rt.run_chunk(&mut self.heap, source, first_line)
    }

    /// [`Interp::run_source_at`] in slices: compiles the code and stops before its first
    /// statement. A syntax error or unsupported construct is reported and returned at once.
    pub fn start_source_at(&mut self, source: &str, first_line: u32) -> Result<(), RunError> {
        self.rt.start_chunk(&mut self.heap, source, first_line)
    }

    /// Runs the started code for at most `steps` more of its steps (statements and loop
    /// iterations; a call a builtin or the collector makes runs to its end): `None` when it
    /// paused, else how it ended, as [`Interp::run_source_at`] returns it.
    pub fn resume(&mut self, steps: u64) -> Option<Option<RunError>> {
        self.rt.resume_chunk(&mut self.heap, steps)
    }

    /// Stops the started code where it paused, with pymemsim's limit message `why` after its
    /// location (the next [`Interp::resume`] ends it, as the step limit would; later code
    /// stops at its first statement too).
    pub fn stop(&mut self, why: &str) {
        self.rt.stop_chunk(why);
    }

    /// Steps (statements and loop iterations) run so far.
    pub fn steps(&self) -> u64 {
        self.rt.steps
    }

    /// Evaluates an expression in `__main__` and describes the object it names.
    pub fn inspect(&mut self, expr: &str) -> Result<Inspection, String> {
        let parsed =
            rustpython_parser::parse(expr, rustpython_parser::Mode::Expression, "<expect>");
        let body = match parsed {
            Ok(ast::Mod::Expression(e)) => e.body,
            Ok(_) => return Err(format!("not an expression: {expr}")),
            Err(e) => return Err(format!("cannot parse {expr:?}: {}", e.error)),
        };
        let source = Rc::new(Source::new("<expect>", expr, 0));
        let code = crate::python::compiler::compile_expression(&body, source, self.rt.minor)
            .map_err(|e| match e {
                crate::python::compiler::CompileError::Syntax(m, _)
                | crate::python::compiler::CompileError::Indentation(m, _)
                | crate::python::compiler::CompileError::Unsupported(m, _) => m,
            })?;
        let heap = &mut self.heap;
        let id = self.rt.load_code(heap, code);
        // A lesson's check is not Python source of the program: no arena.
        let arena = std::mem::take(&mut self.rt.arena);
        self.rt.release_arena(heap, arena);
        let g = self.rt.main_dict;
        let saved_start = self.rt.steps;
        let r = self.rt.run_code(heap, id, g, Some(g));
        self.rt.steps = saved_start;
        // The expression's constants go with its code.
        let consts = std::mem::take(&mut self.rt.code_consts[id as usize]);
        for c in consts {
            heap.decref(&mut self.rt, c);
        }
        match r {
            Ok(id) => {
                let o = heap.get(id);
                let refcnt = if o.flags.immortal {
                    heap.config.immortal_refcnt
                } else {
                    o.refcnt - 1
                };
                let tracked = o.is_tracked();
                let repr = self
                    .rt
                    .repr_of(heap, id)
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                heap.decref(&mut self.rt, id);
                Ok(Inspection {
                    id,
                    refcnt,
                    tracked,
                    repr,
                })
            }
            Err(e) => match e.take() {
                Raised::Lazy(t, m) => Err(format!("{}: {m}", t.name())),
                Raised::Obj(o) => {
                    let t = self.rt.type_name(heap, o);
                    let m = self
                        .rt
                        .str_of(heap, o)
                        .map(|s| s.to_string())
                        .unwrap_or_default();
                    heap.decref(&mut self.rt, o);
                    Err(format!("{t}: {m}"))
                }
                Raised::Unsupported(m) | Raised::Limit(m) => Err(m),
            },
        }
    }

    /// Records a snapshot of the state now (after a chunk finished), when recording.
    pub fn snapshot_now(&mut self) {
        if self.rt.snapshots.is_some() {
            let line = self.rt.line;
            self.rt.record_snapshot(&self.heap, line);
        }
    }

    /// Allocates a raw block of `size` bytes with pymalloc (`PyObject_Malloc`) or the system
    /// allocator (`raw`), remembered under `label`.
    pub fn malloc_labelled(&mut self, label: &str, size: u64, raw: bool) {
        let heap = &mut self.heap;
        let addr = if raw {
            heap.alloc.raw_malloc(size, &mut heap.log)
        } else {
            heap.alloc.malloc(size, &mut heap.log)
        };
        self.rt.raw_blocks.insert(label.to_string(), addr);
    }

    /// Frees the block labelled `label` (`PyObject_Free`).
    pub fn free_labelled(&mut self, label: &str) -> Result<(), String> {
        let addr = self
            .rt
            .raw_blocks
            .remove(label)
            .ok_or_else(|| format!("no block labelled {label:?}"))?;
        self.heap.alloc.free(addr, &mut self.heap.log);
        Ok(())
    }

    /// The C library's `free()` on the block labelled `label`: a pymalloc block is refused
    /// with an explanation (a real process corrupts its heap), a malloc block is freed.
    pub fn system_free_labelled(&mut self, label: &str) -> Result<(), String> {
        let heap = &mut self.heap;
        let addr = *self
            .rt
            .raw_blocks
            .get(label)
            .ok_or_else(|| format!("no block labelled {label:?}"))?;
        if let Some(place) = heap.alloc.place_of(addr) {
            let pool = heap
                .alloc
                .pool_address(place.arena as usize, place.pool as usize);
            let text = format!(
                "free(): invalid pointer {addr:#x}: it is a block of the pymalloc pool at {pool:#x}, not a malloc chunk.\n\
                 A real process now has a corrupted C heap and usually aborts; pymemsim leaves the block allocated.\n\
                 Release pymalloc blocks with PyObject_Free / PyMem_Free.\n"
            );
            self.rt.emit(heap, true, &text);
        } else {
            self.rt.raw_blocks.remove(label);
            heap.alloc.free(addr, &mut heap.log);
        }
        Ok(())
    }

    /// Ends the run: the interpreter shuts down as CPython's does (`atexit`, finalizers,
    /// `__main__` cleared), then the output.
    pub fn finish(mut self) -> RunOutput {
        self.rt.shutdown(&mut self.heap);
        let (stdout, stderr, chunks) = self.rt.take_output();
        RunOutput {
            stdout,
            stderr,
            chunks,
            error: None,
        }
    }

    /// Ends the run without shutting down (a program that stopped on an error or a limit
    /// still shuts down in CPython; callers choose).
    pub fn finish_now(mut self) -> RunOutput {
        let (stdout, stderr, chunks) = self.rt.take_output();
        RunOutput {
            stdout,
            stderr,
            chunks,
            error: None,
        }
    }
}
