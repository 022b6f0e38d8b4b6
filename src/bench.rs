//! `pymemsim bench`: the workloads in `benches/` run on pymemsim (in-process, recording every
//! event as the app does) and on the real interpreter (a subprocess) in the same run. Each
//! workload times its own phases with `time.perf_counter()` and prints `name seconds` lines, so
//! both sides measure exactly the same region; the table reports medians, and the median of
//! the ratios pymemsim / CPython of runs made back to back (after one untimed run of each, with
//! the side that goes first alternating, and round by round over the workloads so that each
//! workload's runs are spread over the whole benchmark). Two more rows measure the app: a
//! headless frame of every view on the state after the mixed workload, and jumps to random
//! steps of its history.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::engine::config::{EngineConfig, PyVersion};
use crate::engine::event::{Event, EventLog};
use crate::engine::object::Obj;
use crate::engine::timeline::Timeline;
use crate::python::Interp;

/// Events between time-travel checkpoints (the app uses the same).
pub const CHECKPOINT_INTERVAL: usize = 1 << 18;
/// Entries all checkpoints may hold together (about 40 bytes each).
pub const CHECKPOINT_BUDGET: usize = 25_000_000;

/// Options of a benchmark run.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Folder with the `w*.py` workloads.
    pub dir: PathBuf,
    /// The real interpreter to compare with.
    pub python_bin: String,
    /// The preset pymemsim imitates.
    pub version: PyVersion,
    /// Repetitions per workload (the median is reported).
    pub runs: usize,
    /// Only workloads whose file name contains this.
    pub only: Option<String>,
}

/// One measured workload.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Workload name.
    pub name: String,
    /// pymemsim's timings (median seconds per printed phase).
    pub sim: Vec<(String, f64)>,
    /// CPython's timings.
    pub cpython: Vec<(String, f64)>,
    /// Per phase, the median over runs of pymemsim / CPython, each run's pair measured back
    /// to back (so that a slow spell of the shared machine slows both sides of a ratio).
    pub ratios: Vec<(String, f64)>,
    /// CPU seconds per wall-clock second of pymemsim's runs (events are packed on a second
    /// thread), median over runs; NaN where the process's CPU time cannot be read.
    pub cores: f64,
    /// Events recorded by one pymemsim run.
    pub events: usize,
    /// Bytes the packed log of that run takes (events and index).
    pub event_bytes: usize,
    /// Most objects alive at once in one pymemsim run.
    pub peak_objects: u64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Parses `name seconds` lines.
fn timings(stdout: &str) -> Vec<(String, f64)> {
    stdout
        .lines()
        .filter_map(|l| {
            let (name, value) = l.split_once(' ')?;
            Some((name.to_string(), value.trim().parse::<f64>().ok()?))
        })
        .collect()
}

fn medians(runs: &[Vec<(String, f64)>]) -> Vec<(String, f64)> {
    let Some(first) = runs.first() else {
        return Vec::new();
    };
    first
        .iter()
        .map(|(name, _)| {
            let values = runs
                .iter()
                .filter_map(|r| r.iter().find(|(n, _)| n == name).map(|(_, v)| *v))
                .collect();
            (name.clone(), median(values))
        })
        .collect()
}

/// Runs a workload once on pymemsim; returns the interpreter (with its events) and the timings.
pub fn run_sim(source: &str, name: &str, version: PyVersion) -> (Interp, Vec<(String, f64)>) {
    let mut config = EngineConfig::for_version(version);
    config.step_limit = u64::MAX;
    config.event_limit = u64::MAX;
    let mut interp = Interp::new(config, name);
    let start = Instant::now();
    interp.rt.clock = Some(Box::new(move || start.elapsed().as_secs_f64()));
    interp.run_source(source);
    let out = timings(&interp.rt.output_since((0, 0)).0);
    (interp, out)
}

fn run_cpython(bin: &str, file: &Path) -> Result<Vec<(String, f64)>, String> {
    let out = std::process::Command::new(bin)
        .arg(file)
        .output()
        .map_err(|e| format!("cannot run {bin}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{bin} {} failed: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(timings(&String::from_utf8_lossy(&out.stdout)))
}

/// A workload being measured: its program and the runs so far.
struct Workload {
    file: PathBuf,
    source: String,
    sim_runs: Vec<Vec<(String, f64)>>,
    cpy_runs: Vec<Vec<(String, f64)>>,
    ratio_runs: Vec<Vec<(String, f64)>>,
    cores: Vec<f64>,
    row: Row,
}

/// Runs every workload; returns the rows and the interpreter of the last mixed-workload run.
///
/// The runs go round by round, each round one pair of every workload, so that a workload's
/// pairs are spread over the whole benchmark: a slow stretch of the shared machine (seconds to
/// tens of seconds) then slows one or two pairs of each workload, which the median leaves
/// out, rather than every pair of the workload that happened to run in it.
pub fn run(opts: &BenchOptions) -> Result<(Vec<Row>, Option<Interp>), String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(&opts.dir)
        .map_err(|e| format!("cannot read {}: {e}", opts.dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('w'))
        })
        .filter(|p| {
            opts.only
                .as_ref()
                .is_none_or(|o| p.to_string_lossy().contains(o.as_str()))
        })
        .collect();
    files.sort();
    let mut work = Vec::with_capacity(files.len());
    for file in files {
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let source =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        work.push(Workload {
            file,
            source,
            sim_runs: Vec::new(),
            cpy_runs: Vec::new(),
            ratio_runs: Vec::new(),
            cores: Vec::new(),
            row: Row {
                name,
                ..Row::default()
            },
        });
    }
    // One untimed run of each side first: the first run of a program pays for what later ones
    // find ready (the interpreter's files in the page cache, memory the system has already
    // handed out once).
    for w in &work {
        drop(run_sim(&w.source, &w.row.name, opts.version));
        run_cpython(&opts.python_bin, &w.file)?;
    }
    let runs = opts.runs.max(1);
    let mut mixed = None;
    for run in 0..runs {
        for w in &mut work {
            let keep = run + 1 == runs && w.row.name.contains("mixed");
            if let Some(interp) = measure_pair(opts, w, run, keep)? {
                mixed = Some(interp);
            }
        }
    }
    let rows = work
        .into_iter()
        .map(|w| {
            let mut row = w.row;
            row.sim = medians(&w.sim_runs);
            row.cpython = medians(&w.cpy_runs);
            row.ratios = medians(&w.ratio_runs);
            row.cores = if w.cores.is_empty() {
                f64::NAN
            } else {
                median(w.cores)
            };
            row
        })
        .collect();
    Ok((rows, mixed))
}

/// One timed pair of `w`: pymemsim and CPython back to back, the side that goes first
/// alternating with `run`, so that a machine slowing down or speeding up during a pair does
/// not always favour the same side. Returns pymemsim's interpreter when `keep` asks for it.
fn measure_pair(
    opts: &BenchOptions,
    w: &mut Workload,
    run: usize,
    keep: bool,
) -> Result<Option<Interp>, String> {
    let early = if run % 2 == 1 {
        Some(run_cpython(&opts.python_bin, &w.file)?)
    } else {
        None
    };
    let cpu_before = process_cpu_seconds();
    let wall = Instant::now();
    let (interp, t) = run_sim(&w.source, &w.row.name, opts.version);
    let wall = wall.elapsed().as_secs_f64();
    if let (Some(a), Some(b)) = (cpu_before, process_cpu_seconds()) {
        w.cores.push((b - a) / wall);
    }
    w.row.events = interp.heap.log.len();
    w.row.event_bytes = interp.heap.log.encoded_bytes();
    w.row.peak_objects = interp.heap.peak_live;
    // Otherwise freed now, before the real interpreter's run, not after it.
    let kept = keep.then_some(interp);
    let c = match early {
        Some(c) => c,
        None => run_cpython(&opts.python_bin, &w.file)?,
    };
    w.ratio_runs.push(
        t.iter()
            .filter_map(|(phase, sim)| {
                let (_, cpy) = c.iter().find(|(p, _)| p == phase)?;
                Some((phase.clone(), sim / cpy))
            })
            .collect(),
    );
    w.sim_runs.push(t);
    w.cpy_runs.push(c);
    Ok(kept)
}

/// User plus system CPU seconds of this process so far (Linux: `/proc/self/stat`), for the
/// share of a second core the event packer takes.
fn process_cpu_seconds() -> Option<f64> {
    usage("/proc/self/stat").map(|u| u.user + u.system)
}

/// What one thread (or the whole process) has used so far, from Linux's `/proc`.
#[derive(Debug, Clone, PartialEq)]
pub struct Usage {
    /// The thread's name.
    pub name: String,
    /// CPU seconds in the program.
    pub user: f64,
    /// CPU seconds in the kernel on its behalf (page faults among them).
    pub system: f64,
    /// Page faults served without reading from disk.
    pub minor_faults: u64,
}

/// Each thread of this process: the interpreter, the event packer, the main thread (Linux;
/// empty elsewhere).
pub fn threads_usage() -> Vec<Usage> {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Vec::new();
    };
    let mut threads: Vec<Usage> = tasks
        .flatten()
        .filter_map(|task| usage(&task.path().join("stat").to_string_lossy()))
        .collect();
    threads.sort_by(|a, b| a.name.cmp(&b.name));
    threads
}

fn usage(path: &str) -> Option<Usage> {
    parse_stat(&std::fs::read_to_string(path).ok()?)
}

/// A `/proc/.../stat` line: `pid (name) state ppid ...`, the name possibly holding spaces and
/// parentheses.
fn parse_stat(stat: &str) -> Option<Usage> {
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let name = stat.get(open + 1..close)?.to_string();
    // After the name: state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt,
    // majflt, cmajflt, utime, stime.
    let fields: Vec<&str> = stat.get(close + 2..)?.split_whitespace().take(13).collect();
    let ticks = |i: usize| -> Option<f64> {
        // The kernel reports clock ticks, USER_HZ = 100 on Linux.
        Some(fields.get(i)?.parse::<f64>().ok()? / 100.0)
    };
    Some(Usage {
        name,
        user: ticks(11)?,
        system: ticks(12)?,
        minor_faults: fields.get(7)?.parse().ok()?,
    })
}

/// Jumps to `n` pseudo-random steps of a history; returns (median, max) seconds per jump.
pub fn time_travel(events: &EventLog, n: usize) -> (f64, f64) {
    let mut t = Timeline::with_checkpoints(events, CHECKPOINT_INTERVAL, CHECKPOINT_BUDGET);
    t.seek(events, events.len());
    let mut seed: u64 = 42;
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let target = (seed >> 11) as usize % (events.len() + 1);
        let start = Instant::now();
        t.seek(events, target);
        times.push(start.elapsed().as_secs_f64());
    }
    let max = times.iter().copied().fold(0.0, f64::max);
    (median(times), max)
}

/// Formats the results as a Markdown table.
pub fn table(rows: &[Row], extra: &[(String, String)]) -> String {
    let mut out = String::from("| workload | phase | pymemsim (s) | CPython (s) | ratio | cores | events | bytes/event | peak objects |\n");
    out.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for r in rows {
        let per_event = r.event_bytes as f64 / r.events.max(1) as f64;
        for (phase, sim) in &r.sim {
            let cpy = r
                .cpython
                .iter()
                .find(|(n, _)| n == phase)
                .map_or(f64::NAN, |(_, v)| *v);
            let ratio = match r.ratios.iter().find(|(n, _)| n == phase) {
                Some((_, ratio)) if phase != "collected" => format!("{ratio:.2}"),
                _ => String::from("-"),
            };
            out.push_str(&format!(
                "| {} | {phase} | {sim:.4} | {cpy:.4} | {ratio} | {:.2} | {} | {per_event:.2} | {} |\n",
                r.name, r.cores, r.events, r.peak_objects
            ));
        }
    }
    for (k, v) in extra {
        out.push_str(&format!("| {k} | | {v} | | | | | | |\n"));
    }
    out.push_str(&format!(
        "\nObject record: {} bytes per live object (plus its payload: item vectors, strings); an event is {} bytes decoded, bytes/event above is the packed log.\n",
        std::mem::size_of::<Obj>(),
        std::mem::size_of::<Event>()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stat_line_gives_the_threads_name_cpu_seconds_and_faults() {
        let line = "4242 (event (packer) 1) S 1 4240 4240 0 -1 4194368 12532 0 3 0 95 4 0 0 20 0";
        assert_eq!(
            parse_stat(line),
            Some(Usage {
                name: "event (packer) 1".into(),
                user: 0.95,
                system: 0.04,
                minor_faults: 12532,
            })
        );
        assert_eq!(parse_stat("4242 (x) S 1 2"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_threads_usage_is_listed() {
        // Test threads are named after their test; the kernel keeps the first 15 bytes.
        let name = std::thread::current()
            .name()
            .map(|n| n.chars().take(15).collect());
        let threads = threads_usage();
        assert!(
            threads.iter().any(|t| Some(&t.name) == name.as_ref()),
            "{name:?} in {threads:?}"
        );
    }
}
