//! The `pymemsim` binary: without a subcommand it opens the desktop app (on the default lesson,
//! or on a file given as the argument); `run`, `check` and the other subcommands are headless.

use clap::Parser as _;

/// The interpreter recurses once per Python call; CPython allows 1000 nested calls, so the
/// interpreter thread gets a stack large enough for that (reserved, not committed, memory).
const INTERPRETER_STACK_BYTES: usize = 256 << 20;

/// Set, with [`GLIBC_TUNABLES`], on the process [`restart_with_huge_pages`] starts.
#[cfg(target_os = "linux")]
const RESTARTED: &str = "PYMEMSIM_HUGE_PAGES_RESTART";

/// glibc reads its malloc settings from this variable when a process starts.
#[cfg(target_os = "linux")]
const GLIBC_TUNABLES: &str = "GLIBC_TUNABLES";

/// What [`restart_with_huge_pages`] sets: glibc's malloc backs its heap with transparent huge
/// pages, and every thread allocates from the main heap (a second thread's own arena would not
/// get them: w3 made 38 000 page faults with a per-thread arena, 9 000 without).
#[cfg(target_os = "linux")]
const HUGE_PAGE_TUNABLES: &str = "glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1";

/// Starts this program again with glibc's malloc backing the heap with transparent huge pages
/// ([`HUGE_PAGE_TUNABLES`]), unless the caller chose glibc settings already.
///
/// A simulated object takes a record of about 100 bytes plus its payload, and every event a
/// few bytes of the log, so a run at 10^6 objects writes hundreds of megabytes of fresh memory.
/// On the project's machine a 4 KiB page fault costs 1.9 µs and a 2 MiB huge page 0.53 µs per
/// 4 KiB it covers; the 40 000 faults of the live-heap workload fall to about 6 000 and its time
/// by about a sixth (docs/performance.md). glibc reads the setting only at start-up, hence the
/// restart; the restarted process removes the two variables from its environment again, so the
/// programs it starts (the real interpreter in `pymemsim bench`) run as they would have. Where
/// the restart fails, or the C library is not glibc, the program runs on as it is.
#[cfg(target_os = "linux")]
fn restart_with_huge_pages() {
    use std::os::unix::process::CommandExt as _;
    if std::env::var_os(RESTARTED).is_some() {
        // Single-threaded still: nothing else reads the environment yet.
        std::env::remove_var(RESTARTED);
        std::env::remove_var(GLIBC_TUNABLES);
        return;
    }
    if std::env::var_os(GLIBC_TUNABLES).is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut args = std::env::args_os();
    let mut command = std::process::Command::new(exe);
    if let Some(arg0) = args.next() {
        command.arg0(arg0);
    }
    // `exec` returns only when it could not start the program.
    let _ = command
        .args(args)
        .env(GLIBC_TUNABLES, HUGE_PAGE_TUNABLES)
        .env(RESTARTED, "1")
        .exec();
}

fn main() {
    #[cfg(target_os = "linux")]
    restart_with_huge_pages();
    let cli = pymemsim::cli::Cli::parse();
    #[cfg(feature = "gui")]
    if cli.command.is_none() {
        std::process::exit(run_app(cli.file));
    }
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

/// Opens the desktop app; returns the exit code.
#[cfg(feature = "gui")]
fn run_app(file: Option<std::path::PathBuf>) -> i32 {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("pymemsim")
            .with_inner_size([1500.0, 950.0])
            .with_drag_and_drop(true)
            .with_active(true),
        ..Default::default()
    };
    let result = eframe::run_native(
        "pymemsim",
        options,
        Box::new(move |cc| {
            let mut app = pymemsim::app::SimApp::with_default_lesson();
            if let Some(storage) = cc.storage {
                if let Some(settings) = eframe::get_value(storage, eframe::APP_KEY) {
                    app.settings = settings;
                }
            }
            if let Some(path) = file {
                app.apply(pymemsim::app::Command::Open(path));
            }
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("pymemsim: cannot open the window: {e}");
            1
        }
    }
}
