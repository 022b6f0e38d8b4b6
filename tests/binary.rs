//! The `pymemsim` executable itself: the real interpreter `pymemsim bench` starts runs in the
//! caller's environment, and pymemsim runs in it too (no restart with settings of its own).

#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh folder with a one-line workload and a stand-in for the real interpreter: a shell
/// script that saves its own environment and its parent's (the bench process), then prints the
/// workload's timing line.
fn bench_folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pymemsim-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("w_env.py"), "print('t', 1.0)\n").unwrap();
    let script = dir.join("fake-python");
    std::fs::write(
        &script,
        "#!/bin/sh\n\
         d=$(dirname \"$1\")\n\
         tr '\\0' '\\n' < /proc/$PPID/environ > \"$d/parent.env\"\n\
         env > \"$d/child.env\"\n\
         echo 't 1.0'\n",
    )
    .unwrap();
    Command::new("chmod")
        .arg("+x")
        .arg(&script)
        .status()
        .unwrap();
    dir
}

fn bench(dir: &Path) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pymemsim"))
        .args(["bench", "--runs", "1", "--dir"])
        .arg(dir)
        .arg("--python-bin")
        .arg(dir.join("fake-python"))
        .env("GLIBC_TUNABLES", "glibc.malloc.check=0")
        .env("PYMEMSIM_TEST_MARKER", "kept")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("| w_env | t |"));
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    (read("parent.env"), read("child.env"))
}

#[test]
fn the_bench_and_the_real_interpreter_run_in_the_callers_environment() {
    let dir = bench_folder("environment");
    let (parent, child) = bench(&dir);
    for (who, env) in [("pymemsim", &parent), ("the real interpreter", &child)] {
        for line in [
            "GLIBC_TUNABLES=glibc.malloc.check=0",
            "PYMEMSIM_TEST_MARKER=kept",
        ] {
            assert!(
                env.lines().any(|l| l == line),
                "{who} runs without {line}:\n{env}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A reader that stops early (`pymemsim run prog.py | head -2`) ends the run quietly, as it
/// ends `cat` or `grep`: no panic message about a broken pipe.
#[test]
fn a_closed_pipe_stops_the_run_quietly() {
    use std::io::Read as _;
    let dir = std::env::temp_dir().join(format!("pymemsim-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let prog = dir.join("loud.py");
    std::fs::write(&prog, "for i in range(200000):\n    print(i)\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pymemsim"))
        .arg("run")
        .arg(&prog)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 4];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe's reading end is dropped here, like `head` exiting.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(&first, b"0\n1\n");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.status.success());
}
