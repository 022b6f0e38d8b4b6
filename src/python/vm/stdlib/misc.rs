//! Small modules: `operator` (the operator functions, `itemgetter`, `attrgetter`),
//! `_testcapi.with_tp_del` (a class with a legacy `tp_del` finalizer, as CPython's GC tests
//! use to make garbage uncollectable), and `_pymemsim.unsupported(what)`, with which the
//! library modules written in Python stop as "not supported".

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::Kind;

use super::super::builtins::{function, Args, Def, T};
use super::super::exception::{type_error, unsupported, R};
use super::super::Vm;
use crate::python::compiler::code::{BinOp, CmpOp};

const OP: Option<&str> = Some("operator");

fn binary(vm: &mut Vm, heap: &mut Heap, a: &Args, op: BinOp) -> R<ObjId> {
    a.count(2, 2)?;
    vm.binary_op(heap, op, a.pos[0], a.pos[1])
}

fn compare(vm: &mut Vm, heap: &mut Heap, a: &Args, op: CmpOp) -> R<ObjId> {
    a.count(2, 2)?;
    vm.rich_compare(heap, a.pos[0], a.pos[1], op)
}

macro_rules! binops {
    ($($name:ident => $op:ident),* $(,)?) => {
        $(fn $name(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
            binary(vm, heap, a, BinOp::$op)
        })*
    };
}

binops! {
    add => Add, sub => Sub, mul => Mul, truediv => TrueDiv, floordiv => FloorDiv,
    mod_ => Mod, pow => Pow, and_ => And, or_ => Or, xor => Xor,
    lshift => LShift, rshift => RShift, matmul => MatMul,
}

macro_rules! cmpops {
    ($($name:ident => $op:ident),* $(,)?) => {
        $(fn $name(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
            compare(vm, heap, a, CmpOp::$op)
        })*
    };
}

cmpops! { eq => Eq, ne => Ne, lt => Lt, le => Le, gt => Gt, ge => Ge }

fn neg(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    vm.unary_op(heap, crate::python::compiler::code::UnOp::Neg, a.pos[0])
}

fn not_(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let t = vm.is_true(heap, a.pos[0])?;
    Ok(heap.bool(!t))
}

fn truth(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let t = vm.is_true(heap, a.pos[0])?;
    Ok(heap.bool(t))
}

fn is_(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    Ok(heap.bool(a.pos[0] == a.pos[1]))
}

fn getitem(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    vm.getitem(heap, a.pos[0], a.pos[1])
}

fn contains(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    let r = vm.contains(heap, a.pos[0], a.pos[1])?;
    Ok(heap.bool(r))
}

/// `itemgetter(*items)` / `attrgetter(*names)`: `refs` = the items or names.
pub(crate) fn getter_new(vm: &mut Vm, heap: &mut Heap, t: T, a: &Args) -> R<ObjId> {
    a.no_kw()?;
    if a.pos.is_empty() {
        return Err(type_error(format!(
            "{} expected 1 argument, got 0",
            t.name()
        )));
    }
    if t == T::AttrGetter {
        for &n in a.pos {
            if !matches!(heap.kind(n), Kind::Str(_)) {
                return Err(type_error("attribute name must be a string"));
            }
        }
    }
    let refs: Vec<Option<ObjId>> = a
        .pos
        .iter()
        .map(|&x| {
            heap.incref(x);
            Some(x)
        })
        .collect();
    Ok(vm.new_native(heap, t, refs, 48))
}

/// Calling a getter on an object.
pub(crate) fn getter_call(
    vm: &mut Vm,
    heap: &mut Heap,
    g: ObjId,
    t: T,
    args: &[ObjId],
) -> R<ObjId> {
    if args.len() != 1 {
        return Err(type_error(format!(
            "{} expected 1 argument, got {}",
            t.name(),
            args.len()
        )));
    }
    let obj = args[0];
    let keys: Vec<ObjId> = match heap.kind(g) {
        Kind::Native(n) => n.refs.iter().flatten().copied().collect(),
        _ => Vec::new(),
    };
    let mut out = Vec::with_capacity(keys.len());
    for &k in &keys {
        let r = if t == T::ItemGetter {
            vm.getitem(heap, obj, k)
        } else {
            // Dotted names walk attributes.
            let name = vm.str_value(heap, k);
            let mut cur = obj;
            heap.incref(cur);
            let mut res = Ok(cur);
            for part in name.split('.') {
                let next = vm.getattr_str(heap, cur, part);
                heap.decref(vm, cur);
                match next {
                    Ok(n) => {
                        cur = n;
                        res = Ok(n);
                    }
                    Err(e) => {
                        res = Err(e);
                        break;
                    }
                }
            }
            res
        };
        match r {
            Ok(v) => out.push(v),
            Err(e) => {
                heap.decref_all(vm, out);
                return Err(e);
            }
        }
    }
    if out.len() == 1 {
        return Ok(out[0]);
    }
    Ok(vm.new_tuple(heap, out))
}

/// `_testcapi.with_tp_del(cls)`: the class's `__tp_del__` becomes a legacy finalizer.
fn with_tp_del(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let c = a.pos[0];
    match &mut heap.get_mut(c).kind {
        Kind::Class(cd) => cd.legacy_tp_del = true,
        _ => return Err(type_error("with_tp_del() argument must be a class")),
    }
    heap.incref(c);
    Ok(c)
}

/// Small modules' functions.
pub(crate) const DEFS: &[Def] = &[
    function(OP, "add", add),
    function(OP, "sub", sub),
    function(OP, "mul", mul),
    function(OP, "truediv", truediv),
    function(OP, "floordiv", floordiv),
    function(OP, "mod", mod_),
    function(OP, "pow", pow),
    function(OP, "and_", and_),
    function(OP, "or_", or_),
    function(OP, "xor", xor),
    function(OP, "lshift", lshift),
    function(OP, "rshift", rshift),
    function(OP, "matmul", matmul),
    function(OP, "eq", eq),
    function(OP, "ne", ne),
    function(OP, "lt", lt),
    function(OP, "le", le),
    function(OP, "gt", gt),
    function(OP, "ge", ge),
    function(OP, "neg", neg),
    function(OP, "not_", not_),
    function(OP, "truth", truth),
    function(OP, "is_", is_),
    function(OP, "getitem", getitem),
    function(OP, "contains", contains),
    function(Some("_testcapi"), "with_tp_del", with_tp_del),
    function(Some("_pymemsim"), "unsupported", pymemsim_unsupported),
    function(Some("_pymemsim"), "generator_started", generator_started),
];

/// `_pymemsim.generator_started(gen)`: whether a generator has run (its frame's `f_lasti` is
/// no longer -1), for `inspect.getgeneratorstate` up to 3.10.
fn generator_started(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let started = match heap.kind(a.pos[0]) {
        Kind::Generator(g) => g.state != crate::engine::object::FrameState::Created,
        _ => return Err(type_error("generator_started() needs a generator")),
    };
    Ok(heap.bool(started))
}

/// `_pymemsim.unsupported(what)`: stops the run as "not supported in pymemsim: what".
fn pymemsim_unsupported(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let what = vm.str_value(heap, a.pos[0]);
    Err(unsupported(what.to_string()))
}
