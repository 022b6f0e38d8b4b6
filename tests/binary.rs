//! The `pymemsim` executable itself: how it starts (the restart that gives glibc's malloc
//! transparent huge pages) and what the programs it starts inherit.

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

fn bench(dir: &Path, tunables: Option<&str>) -> (String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pymemsim"));
    command
        .args(["bench", "--runs", "1", "--dir"])
        .arg(dir)
        .arg("--python-bin")
        .arg(dir.join("fake-python"))
        .env_remove("GLIBC_TUNABLES")
        .env_remove("PYMEMSIM_HUGE_PAGES_RESTART");
    if let Some(t) = tunables {
        command.env("GLIBC_TUNABLES", t);
    }
    let out = command.output().unwrap();
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
fn the_program_restarts_with_huge_pages_and_its_children_do_not_inherit_them() {
    let dir = bench_folder("restart");
    let (parent, child) = bench(&dir, None);
    // glibc may rewrite the variable in place when it reads it (2.36 leaves only
    // `glibc.malloc.hugetlb=1` there), so the restart is recognised by its marker and that.
    assert!(
        parent.lines().any(|l| l == "PYMEMSIM_HUGE_PAGES_RESTART=1")
            && parent
                .lines()
                .any(|l| l.starts_with("GLIBC_TUNABLES=glibc.malloc.hugetlb=1")),
        "the bench process was started with the tunables:\n{parent}"
    );
    assert!(
        !child.contains("GLIBC_TUNABLES") && !child.contains("PYMEMSIM_HUGE_PAGES_RESTART"),
        "the real interpreter runs in the caller's environment:\n{child}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn glibc_settings_chosen_by_the_caller_are_kept() {
    let dir = bench_folder("kept");
    let (parent, child) = bench(&dir, Some("glibc.malloc.check=0"));
    for env in [&parent, &child] {
        assert!(
            env.lines()
                .any(|l| l == "GLIBC_TUNABLES=glibc.malloc.check=0"),
            "{env}"
        );
        assert!(!env.contains("PYMEMSIM_HUGE_PAGES_RESTART"), "{env}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
