//! The Python front end: parses a program with `rustpython-parser`, runs it statement by
//! statement on the engine's heap, and produces exactly the stdout CPython would print.
//!
//! Every value the interpreter holds is an owned reference to a heap object: evaluating an
//! expression returns a new reference, storing it transfers ownership, and dropping a temporary
//! decrefs it. Reference counts therefore come from the same reference traffic CPython's
//! evaluation loop produces, not from formulas.

pub mod compiler;
pub mod limits;
pub mod repr;
pub mod snapshot;
pub mod source;
pub(crate) mod vm;

pub use vm::api::{Inspection, Interp, RunOutput};
pub use vm::{RunError, Vm as Rt};

use crate::engine::config::EngineConfig;

/// Runs a whole program and returns what it printed.
pub fn run_program(source: &str, path: &str, config: EngineConfig) -> RunOutput {
    let mut interp = Interp::new(config, path);
    let error = interp.run_source(source);
    // An uncaught exception or `sys.exit()` still shuts the interpreter down; pymemsim's own
    // stops do not run more code.
    let out = match &error {
        Some(RunError::Unsupported(_) | RunError::Limit(_)) => interp.finish_now(),
        _ => interp.finish(),
    };
    RunOutput { error, ..out }
}

/// The instructions pymemsim compiles a program to for Python 3.`minor` (`pymemsim dis`).
pub fn disassemble(source: &str, path: &str, minor: u8) -> Result<String, String> {
    let src = std::rc::Rc::new(source::Source::new(path, source, 0));
    compiler::compile_source(source, src.clone(), minor)
        .map(|c| c.disassemble())
        .map_err(|e| e.located(&src))
}
