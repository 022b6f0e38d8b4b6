//! Hostile programs (`tests/hostile/*.py`: memory bombs of each shape, runaway loops, deep
//! nesting and recursion, huge ints, output without end, `__del__` that allocates, weakref
//! callbacks that raise) run through the real binary with the default limits and events
//! recorded, as the app records them. Each must end as its first line says (exit code, and
//! what stdout is or stderr contains: CPython's error, or pymemsim's limit message) with the
//! process's peak memory under 2 GiB. One at a time: together they would need several
//! gigabytes.

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};

/// What a program's first line (`# expect: exit N, stdout "..", stderr ".."`) asks.
#[derive(Debug, Default)]
struct Expected {
    exit: i32,
    stdout: Option<String>,
    stderr: Option<String>,
}

fn expected(source: &str) -> Expected {
    let first = source.lines().next().unwrap_or("");
    let spec = first
        .strip_prefix("# expect: ")
        .unwrap_or_else(|| panic!("no `# expect:` line: {first}"));
    let mut e = Expected::default();
    let mut rest = spec;
    while !rest.is_empty() {
        rest = rest.trim_start_matches([',', ' ']);
        if let Some(r) = rest.strip_prefix("exit ") {
            let end = r.find(',').unwrap_or(r.len());
            e.exit = r[..end].trim().parse().expect("exit code");
            rest = &r[end..];
        } else if let Some((key, r)) = rest.split_once(" \"") {
            let end = r.find('"').expect("closing quote");
            let text = r[..end].replace("\\n", "\n");
            match key {
                "stdout" => e.stdout = Some(text),
                "stderr" => e.stderr = Some(text),
                _ => panic!("unknown key {key}"),
            }
            rest = &r[end + 1..];
        } else {
            panic!("cannot read {spec}");
        }
    }
    e
}

/// Runs a program; returns (exit code, stdout, stderr, peak resident memory in bytes).
fn run(path: &Path) -> (i32, String, String, u64) {
    let dir = std::env::temp_dir().join(format!("pymemsim-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out_path = dir.join("stdout");
    let err_path = dir.join("stderr");
    // Reaped below by `wait4`, which also gives its resource usage (std's `wait` does not).
    #[allow(clippy::zombie_processes)]
    let child = Command::new(env!("CARGO_BIN_EXE_pymemsim"))
        .args(["run", "--stats", "--python", "3.12"])
        .arg(path)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("start pymemsim");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value of the plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, which `child` does not wait for afterwards; the
    // pointers are to live locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -libc::WTERMSIG(status)
    };
    let read = |p: &Path| {
        let mut s = String::new();
        std::fs::File::open(p)
            .and_then(|mut f| f.read_to_string(&mut s))
            .expect("read output");
        s
    };
    let (out, err) = (read(&out_path), read(&err_path));
    let _ = std::fs::remove_dir_all(&dir);
    // `ru_maxrss` is in KiB on Linux.
    (code, out, err, usage.ru_maxrss as u64 * 1024)
}

#[test]
#[cfg(target_os = "linux")]
fn hostile_programs_end_with_an_error_or_a_limit_in_bounded_memory() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/hostile")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    assert!(files.len() >= 15, "{} programs", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("read program");
        let want = expected(&source);
        let (code, out, err, peak) = run(file);
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        let tail: String = err.lines().rev().take(12).collect::<Vec<_>>().join(" | ");
        if code != want.exit {
            failures.push(format!(
                "{name}: exit {code}, expected {}: {tail}",
                want.exit
            ));
        }
        if let Some(s) = &want.stdout {
            if &out != s {
                failures.push(format!("{name}: stdout {out:?}, expected {s:?}"));
            }
        }
        if let Some(s) = &want.stderr {
            if !err.contains(s.as_str()) {
                failures.push(format!("{name}: stderr lacks {s:?}: {tail}"));
            }
        }
        if peak > 2 << 30 {
            failures.push(format!("{name}: peak memory {} MiB", peak >> 20));
        }
        eprintln!("{name}: exit {code}, peak {} MiB", peak >> 20);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Programs too big to keep as files: a million nested operators (the tree is deeper than
/// pymemsim compiles; dropping it must not overflow the stack either).
#[test]
fn deep_expressions_stop_as_not_supported() {
    let dir = std::env::temp_dir().join(format!("pymemsim-deep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (name, source) in [
        ("minus", format!("x = {}1\n", "-".repeat(1_000_000))),
        ("plus", format!("x = 1{}\n", "+1".repeat(1_000_000))),
        ("not", format!("x = {}1\n", "not ".repeat(1_000_000))),
    ] {
        let path = dir.join(format!("{name}.py"));
        std::fs::write(&path, source).expect("write program");
        let out = Command::new(env!("CARGO_BIN_EXE_pymemsim"))
            .args(["run", "--python", "3.12"])
            .arg(&path)
            .output()
            .expect("run pymemsim");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains("not supported in pymemsim: code nested more than 1000 levels deep"),
            "{name}: {err}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
