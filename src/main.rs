//! The `pymemsim` binary: without a subcommand it opens the desktop app (on the default lesson,
//! or on a file given as the argument); `run`, `check` and the other subcommands are headless.

#[cfg(not(target_arch = "wasm32"))]
use clap::Parser as _;

/// The interpreter recurses once per Python call; CPython allows 1000 nested calls, so the
/// interpreter thread gets a stack large enough for that (reserved, not committed, memory).
#[cfg(not(target_arch = "wasm32"))]
const INTERPRETER_STACK_BYTES: usize = 256 << 20;

/// Memory comes as the system's ordinary 4 KiB pages, deliberately: an earlier version restarted
/// itself so that glibc would back its heap with transparent huge pages. They fault in faster
/// on memory the kernel has just freed, but in a virtual machine that hands free memory back to
/// its host, about ten times slower than 4 KiB pages on memory the host has taken back
/// (docs/performance.md, tenth session).
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let cli = pymemsim::cli::Cli::parse();
    #[cfg(feature = "gui")]
    if cli.command.is_none() {
        std::process::exit(run_app(cli.file));
    }
    // Like other command-line tools, stop quietly when the reader of the output goes away
    // (`pymemsim run prog.py | head`) instead of failing to print.
    #[cfg(target_os = "linux")]
    // SAFETY: restoring a signal's default action before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
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

/// In a browser page (web/build): the app on the page's canvas.
#[cfg(target_arch = "wasm32")]
fn main() {
    #[cfg(feature = "gui")]
    pymemsim::web::start();
}

/// Opens the desktop app; returns the exit code.
#[cfg(all(feature = "gui", not(target_arch = "wasm32")))]
fn run_app(file: Option<std::path::PathBuf>) -> i32 {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("pymemsim")
            .with_inner_size([1500.0, 950.0])
            .with_drag_and_drop(true)
            .with_icon(
                eframe::icon_data::from_png_bytes(pymemsim::ui::theme::ICON_PNG)
                    .unwrap_or_default(),
            )
            .with_active(true),
        ..Default::default()
    };
    let result = eframe::run_native(
        "pymemsim",
        options,
        Box::new(move |cc| {
            let mut app = pymemsim::app::SimApp::with_stored_settings(cc.storage);
            if let Some(path) = file {
                app.apply(pymemsim::app::Command::Open(path));
            }
            app.restore_draft();
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
