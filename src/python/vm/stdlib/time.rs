//! The `time` module on a simulated clock: the host's clock when it passes one in (the
//! benchmarks), else the step count, so runs are reproducible.

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::Kind;

use super::super::builtins::{function, Args, Def};
use super::super::exception::R;
use super::super::Vm;

const M: Option<&str> = Some("time");

fn now(vm: &mut Vm) -> f64 {
    match &mut vm.clock {
        Some(clock) => clock(),
        None => vm.steps as f64 * 1e-6 + vm.fake_time,
    }
}

fn perf_counter(vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    let t = now(vm);
    Ok(heap.new_plain(Kind::Float(t)))
}

fn perf_counter_ns(vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    let t = now(vm);
    Ok(heap.int((t * 1e9) as i64))
}

fn sleep(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let s = vm.float_of(heap, a.pos[0])?;
    if s < 0.0 {
        return Err(super::super::exception::value_error(
            "sleep length must be non-negative",
        ));
    }
    vm.fake_time += s;
    Ok(heap.none())
}

/// `time` functions.
pub(crate) const DEFS: &[Def] = &[
    function(M, "perf_counter", perf_counter),
    function(M, "time", perf_counter),
    function(M, "monotonic", perf_counter),
    function(M, "process_time", perf_counter),
    function(M, "perf_counter_ns", perf_counter_ns),
    function(M, "time_ns", perf_counter_ns),
    function(M, "monotonic_ns", perf_counter_ns),
    function(M, "sleep", sleep),
];
