//! The headless command line: `pymemsim run|check|bench ...`. It parses arguments with clap and
//! calls the engine and the front end; it owns nothing else.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::engine::config::{EngineConfig, PyVersion};
use crate::engine::event::Event;
use crate::python::{Interp, RunError};

/// pymemsim: watch CPython manage memory.
#[derive(Debug, Parser)]
#[command(
    name = "pymemsim",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do; without a command the desktop app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A lesson (`.ron`) or program (`.py`) to open in the app.
    pub file: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Time the workloads in benches/ on pymemsim and on the real interpreter; print a table.
    Bench {
        /// Folder with the w*.py workloads.
        #[arg(long, default_value = "benches")]
        dir: PathBuf,
        /// The real interpreter to compare with.
        #[arg(long, default_value = "python3")]
        python_bin: String,
        /// The CPython version pymemsim imitates (match it to --python-bin).
        #[arg(long, default_value = "3.11")]
        python: String,
        /// Repetitions per workload (medians are reported).
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Only workloads whose file name contains this.
        #[arg(long)]
        only: Option<String>,
    },
    /// Load, play and check lesson files (their expectations); prints `N passed, M failed`.
    Check {
        /// Imitate this CPython version instead of each lesson's own.
        #[arg(long)]
        python: Option<String>,
        /// The lesson files (`.ron`, or `.py` as one-chapter lessons).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Draw a lesson's steps headless, for slides and handouts: an animated GIF (`.gif`) or PNG
    /// (`.apng`), one PNG (`.png`), or numbered PNGs in a folder (any other name).
    Export {
        /// The lesson (`.ron`, `.py`).
        file: PathBuf,
        /// Where to write (its extension picks the format).
        #[arg(long)]
        out: PathBuf,
        /// Only this chapter (1-based; see the chapter list in the app).
        #[arg(long)]
        chapter: Option<usize>,
        /// For one PNG: which step of the range (1-based).
        #[arg(long, default_value_t = 1)]
        step: usize,
        /// Image size, WIDTHxHEIGHT.
        #[arg(long, default_value = "1280x720", value_parser = parse_image_size)]
        size: (usize, usize),
        /// Imitate this CPython version instead of the lesson's own.
        #[arg(long)]
        python: Option<String>,
        /// Milliseconds each step stays on screen in an animation.
        #[arg(long, default_value_t = 1500)]
        delay_ms: u32,
        /// Presenter mode's larger text.
        #[arg(long)]
        presenter: bool,
    },
    /// Print the instructions pymemsim compiles a program to for a CPython version.
    Dis {
        /// CPython version whose compiler to imitate (3.8 to 3.15).
        #[arg(long, default_value = "3.14")]
        python: String,
        /// The program.
        file: PathBuf,
    },
    /// Run a Python program on the simulated heap and print what CPython would print.
    Run {
        /// CPython version to imitate (3.8 to 3.15).
        #[arg(long, default_value = "3.14")]
        python: String,
        /// Print the event stream (one line per event, `line:col` first) to stdout instead.
        #[arg(long)]
        events: bool,
        /// Record events and print measurements to stderr: time, events, bytes per event, live
        /// objects and engine bytes per object at the end.
        #[arg(long)]
        stats: bool,
        /// Stop after this many statements and loop iterations.
        #[arg(long)]
        step_limit: Option<u64>,
        /// Stop when more than this many objects are alive.
        #[arg(long)]
        heap_limit: Option<u64>,
        /// The simulated machine's memory (e.g. 256MiB, 4GiB; default 1GiB): past it,
        /// allocations fail with CPython's MemoryError.
        #[arg(long, value_parser = crate::engine::config::parse_size)]
        memory_limit: Option<u64>,
        /// Stop a recorded run (--stats, --events) after this many events.
        #[arg(long)]
        event_limit: Option<u64>,
        /// Check the heap's invariants (refcounts cover references, no object freed twice,
        /// generation lists consistent...) at every statement; a violation stops the run.
        #[arg(long)]
        check_invariants: bool,
        /// The program.
        file: PathBuf,
    },
}

/// `1280x720` as (1280, 720), each side from 64 to 4096 pixels.
fn parse_image_size(text: &str) -> Result<(usize, usize), String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("{text:?} is not WIDTHxHEIGHT"))?;
    let side = |s: &str| {
        s.trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (64..=4096).contains(n))
            .ok_or_else(|| format!("{s:?}: a side is 64 to 4096 pixels"))
    };
    Ok((side(w)?, side(h)?))
}

/// `pymemsim export`.
#[cfg(feature = "gui")]
#[allow(clippy::too_many_arguments)]
fn export(
    file: &std::path::Path,
    out: &std::path::Path,
    chapter: Option<usize>,
    step: usize,
    size: (usize, usize),
    python: Option<PyVersion>,
    delay_ms: u32,
    presenter: bool,
) -> i32 {
    let lesson = match read_lesson(file) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let mut app = crate::app::SimApp::new(lesson);
    if let Some(v) = python {
        app.apply(crate::app::Command::SetVersion(v));
    }
    let opts = crate::ui::export::ExportOptions {
        size: [size.0, size.1],
        chapter: chapter.map(|c| c.saturating_sub(1)),
        step: step.saturating_sub(1),
        delay_ms,
        presenter,
    };
    match crate::ui::export::export(&mut app, out, &opts) {
        Ok(r) => {
            println!(
                "wrote {}: {} frame{}, {:.1} KiB",
                out.display(),
                r.frames,
                if r.frames == 1 { "" } else { "s" },
                r.bytes as f64 / 1024.0
            );
            0
        }
        Err(e) => {
            eprintln!("pymemsim export: {e}");
            1
        }
    }
}

/// Reads a lesson or program file; errors are located at 1:1 of the file.
pub fn read_lesson(
    path: &std::path::Path,
) -> Result<crate::scenario::Lesson, crate::scenario::ScenarioError> {
    let name = path.display().to_string();
    let located = |message: String| crate::scenario::ScenarioError {
        path: name.clone(),
        line: 1,
        col: 1,
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| located(format!("cannot read the file: {e}")))?;
    if bytes.len() > crate::scenario::MAX_FILE_BYTES {
        return Err(located(format!(
            "file too large: {} bytes (at most {})",
            bytes.len(),
            crate::scenario::MAX_FILE_BYTES
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        located(format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    crate::scenario::Lesson::from_text(&name, &text)
}

/// `pymemsim check FILE...`: loads, plays and checks each lesson; prints `N passed, M failed`.
fn check_files(files: &[PathBuf], python: Option<PyVersion>) -> i32 {
    let (mut passed, mut failed) = (0, 0);
    for file in files {
        let problems: Vec<String> = match read_lesson(file) {
            Err(e) => vec![e.to_string()],
            Ok(lesson) => {
                let played = crate::scenario::play(&lesson, python);
                played
                    .failures(&lesson)
                    .iter()
                    .map(ToString::to_string)
                    .collect()
            }
        };
        if problems.is_empty() {
            println!("ok    {}", file.display());
            passed += 1;
        } else {
            println!("FAIL  {}", file.display());
            for p in problems {
                println!("      {p}");
            }
            failed += 1;
        }
    }
    println!("{passed} passed, {failed} failed");
    i32::from(failed > 0)
}

/// Runs the CLI; returns the process exit code.
pub fn main_with(cli: Cli) -> i32 {
    match cli.command {
        None => {
            eprintln!("pymemsim: this build has no desktop app (the `gui` feature is off); try `pymemsim --help`");
            2
        }
        Some(Command::Bench {
            dir,
            python_bin,
            python,
            runs,
            only,
        }) => {
            let Some(version) = PyVersion::parse(&python) else {
                eprintln!("pymemsim: unknown --python {python:?}");
                return 2;
            };
            let opts = crate::bench::BenchOptions {
                dir,
                python_bin,
                version,
                runs,
                only,
            };
            match crate::bench::run(&opts) {
                Ok((rows, mixed)) => {
                    let mut extra = Vec::new();
                    if let Some(interp) = &mixed {
                        let (med, max) = crate::bench::time_travel(&interp.heap.log, 100);
                        extra.push((
                            "time travel, 100 random jumps".to_string(),
                            format!("median {:.2} ms, max {:.2} ms", med * 1e3, max * 1e3),
                        ));
                    }
                    #[cfg(feature = "gui")]
                    if let Ok(source) = std::fs::read_to_string(opts.dir.join("w5_mixed.py")) {
                        if let Ok(lesson) =
                            crate::scenario::Lesson::from_text("w5_mixed.py", &source)
                        {
                            let mut app = crate::app::SimApp::new(lesson);
                            app.apply(crate::app::Command::ToEnd);
                            for panel in [
                                crate::scenario::Panel::Heap,
                                crate::scenario::Panel::Graph,
                                crate::scenario::Panel::Plots,
                                crate::scenario::Panel::Log,
                            ] {
                                let mut t = crate::ui::headless_frame_times(&mut app, panel, 21);
                                t.remove(0);
                                t.sort_by(f64::total_cmp);
                                let med = t.get(t.len() / 2).copied().unwrap_or(0.0);
                                extra.push((
                                    format!("headless frame, {panel:?} panel"),
                                    format!("median {:.2} ms", med * 1e3),
                                ));
                            }
                        }
                    }
                    println!("{}", crate::bench::table(&rows, &extra));
                    0
                }
                Err(e) => {
                    eprintln!("pymemsim bench: {e}");
                    2
                }
            }
        }
        Some(Command::Check { python, files }) => {
            let version = match python.as_deref().map(PyVersion::parse) {
                Some(None) => {
                    eprintln!("pymemsim: unknown --python; expected 3.8 to 3.15");
                    return 2;
                }
                Some(v) => v,
                None => None,
            };
            check_files(&files, version)
        }
        Some(Command::Export {
            file,
            out,
            chapter,
            step,
            size,
            python,
            delay_ms,
            presenter,
        }) => {
            let version = match python.as_deref().map(PyVersion::parse) {
                Some(None) => {
                    eprintln!("pymemsim: unknown --python; expected 3.8 to 3.15");
                    return 2;
                }
                Some(v) => v,
                None => None,
            };
            #[cfg(feature = "gui")]
            return export(
                &file, &out, chapter, step, size, version, delay_ms, presenter,
            );
            #[cfg(not(feature = "gui"))]
            {
                let _ = (file, out, chapter, step, size, version, delay_ms, presenter);
                eprintln!("pymemsim: this build cannot draw (the `gui` feature is off)");
                2
            }
        }
        Some(Command::Dis { python, file }) => {
            let Some(version) = PyVersion::parse(&python) else {
                eprintln!("pymemsim: unknown --python {python:?}");
                return 2;
            };
            let source = match std::fs::read_to_string(&file) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("pymemsim: {}: {e}", file.display());
                    return 2;
                }
            };
            match crate::python::disassemble(&source, &file.display().to_string(), version.minor) {
                Ok(text) => {
                    print!("{text}");
                    0
                }
                Err(e) => {
                    eprintln!("{e}");
                    1
                }
            }
        }
        Some(Command::Run {
            python,
            events,
            stats,
            step_limit,
            heap_limit,
            memory_limit,
            event_limit,
            check_invariants,
            file,
        }) => {
            let Some(version) = PyVersion::parse(&python) else {
                eprintln!("pymemsim: unknown --python {python:?}; expected 3.8 to 3.15");
                return 2;
            };
            let mut config = EngineConfig::for_version(version);
            if let Some(s) = step_limit {
                config.step_limit = s;
            }
            if let Some(h) = heap_limit {
                config.heap_limit_objects = h;
            }
            if let Some(m) = memory_limit {
                config.memory_limit = m;
            }
            if let Some(e) = event_limit {
                config.event_limit = e;
            }
            let source = match std::fs::read(&file) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(s) => s,
                    Err(_) => {
                        eprintln!("{}: not UTF-8 text", file.display());
                        return 2;
                    }
                },
                Err(e) => {
                    eprintln!("pymemsim: cannot read {}: {e}", file.display());
                    return 2;
                }
            };
            // Since 3.9 CPython makes the script's path absolute (`__main__.__file__`, and so
            // tracebacks); 3.8 shows it as given.
            let path = if version.minor >= 9 {
                std::path::absolute(&file).unwrap_or_else(|_| file.clone())
            } else {
                file.clone()
            }
            .display()
            .to_string();
            let mut interp = Interp::new(config, &path);
            interp.rt.check_invariants = check_invariants;
            if !events && !stats {
                interp.heap.log.set_enabled(false);
            }
            // Output goes out as it is written; `input()` reads standard input a line at a
            // time (a terminal) or all of it (a pipe or a file).
            let quiet_stdout = events;
            interp.rt.echo = Some(Box::new(move |to_stderr, text| {
                use std::io::Write as _;
                if to_stderr {
                    eprint!("{text}");
                } else if !quiet_stdout {
                    print!("{text}");
                    let _ = std::io::stdout().flush();
                }
            }));
            interp.rt.stdin_source = Some(Box::new(|| {
                let mut line = String::new();
                match std::io::stdin().read_line(&mut line) {
                    Ok(0) | Err(_) => None,
                    Ok(_) => Some(line),
                }
            }));
            let started = std::time::Instant::now();
            let error = interp.run_source(&source);
            let elapsed = started.elapsed();
            if stats {
                print_stats(&interp, elapsed);
            }
            if events {
                print_events(&interp);
            }
            let out = match &error {
                Some(RunError::Unsupported(_) | RunError::Limit(_)) => interp.finish_now(),
                _ => interp.finish(),
            };
            crate::python::RunOutput { error, ..out }.exit_code()
        }
    }
}

fn print_stats(interp: &Interp, elapsed: std::time::Duration) {
    let heap = &interp.heap;
    let events = heap.log.len();
    let bytes = heap.log.encoded_bytes();
    let obj_bytes = std::mem::size_of::<crate::engine::object::Obj>();
    eprintln!("pymemsim stats: {:.3} s", elapsed.as_secs_f64());
    for t in crate::bench::threads_usage() {
        eprintln!(
            "  thread {}: CPU {:.2} s user, {:.2} s system; {} page faults",
            t.name, t.user, t.system, t.minor_faults
        );
    }
    eprintln!(
        "  events recorded: {events} ({:.2} bytes each packed, {:.1} MB)",
        bytes as f64 / events.max(1) as f64,
        bytes as f64 / 1e6
    );
    eprintln!(
        "  live objects at the end: {} (object table: {} slots of {obj_bytes} bytes)",
        heap.live,
        heap.objs.len()
    );
}

fn print_events(interp: &Interp) {
    use std::io::Write as _;
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let (mut line, mut col) = (0, 0);
    for e in interp.heap.log.iter() {
        if let Event::Line { line: l, col: c } = e {
            line = l;
            col = c;
            continue;
        }
        let text = match e {
            Event::Output { text, stderr } => {
                let t = interp
                    .heap
                    .log
                    .texts
                    .get(text as usize)
                    .map_or("", String::as_str);
                format!("Output {{ stderr: {stderr}, text: {t:?} }}")
            }
            other => format!("{other:?}"),
        };
        let _ = writeln!(w, "{line}:{col} {text}");
    }
}
