//! The `pymemsim` binary: the command line (and, later, the desktop app).

use clap::Parser as _;

/// The interpreter recurses once per Python call; CPython allows 1000 nested calls, so the
/// interpreter thread gets a stack large enough for that (reserved, not committed, memory).
const INTERPRETER_STACK_BYTES: usize = 256 << 20;

fn main() {
    let cli = pymemsim::cli::Cli::parse();
    let worker = std::thread::Builder::new()
        .name("interpreter".into())
        .stack_size(INTERPRETER_STACK_BYTES)
        .spawn(move || pymemsim::cli::main_with(cli));
    let code = match worker.map(std::thread::JoinHandle::join) {
        Ok(Ok(code)) => code,
        Ok(Err(_)) => {
            eprintln!(
                "pymemsim: internal error (the interpreter panicked); please report this program"
            );
            70
        }
        Err(e) => {
            eprintln!("pymemsim: cannot start the interpreter thread: {e}");
            71
        }
    };
    std::process::exit(code);
}
