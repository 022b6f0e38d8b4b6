//! The special methods of the builtin types as attributes (`(1.5).__add__(2)`,
//! `list.__len__(l)`, `super().__eq__(other)`): each calls the operation the interpreter
//! implements for the type, and the binary ones answer `NotImplemented` where the type does
//! not handle the other operand, as CPython's slot wrappers do. Only the methods each type
//! really has are defined (`hasattr([], "__sub__")` is False).

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;

use super::super::exception::R;
use super::super::Vm;
use super::{method, Args, Def, T};
use crate::python::compiler::code::{BinOp, CmpOp, UnOp};

/// The operator of a binary special method, and whether it is the reflected one.
fn binary_of(name: &str) -> Option<(BinOp, bool)> {
    let (base, reflected) = match name.strip_prefix("__r") {
        Some(rest) if rest != "shift__" => (format!("__{rest}"), true),
        _ => (name.to_string(), false),
    };
    let op = match base.as_str() {
        "__add__" => BinOp::Add,
        "__sub__" => BinOp::Sub,
        "__mul__" => BinOp::Mul,
        "__matmul__" => BinOp::MatMul,
        "__truediv__" => BinOp::TrueDiv,
        "__floordiv__" => BinOp::FloorDiv,
        "__mod__" => BinOp::Mod,
        "__pow__" => BinOp::Pow,
        "__lshift__" => BinOp::LShift,
        "__rshift__" => BinOp::RShift,
        "__and__" => BinOp::And,
        "__or__" => BinOp::Or,
        "__xor__" => BinOp::Xor,
        _ => return None,
    };
    Some((op, reflected))
}

fn not_implemented(heap: &mut Heap) -> ObjId {
    let n = heap.statics.not_implemented;
    heap.incref(n);
    n
}

/// `x.__add__(y)`, `x.__radd__(y)`...: the builtin operation, or `NotImplemented`.
fn binary(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let name = a.name;
    // `__rshift__` is not a reflected `__shift__`; `__rrshift__` is.
    let (op, reflected) = match name {
        "__rshift__" => (BinOp::RShift, false),
        "__rrshift__" => (BinOp::RShift, true),
        _ => match binary_of(name) {
            Some(x) => x,
            None => return Ok(not_implemented(heap)),
        },
    };
    // A number type's slot handles only the numbers it knows (`int.__add__(1, 2.5)` is
    // `NotImplemented`; float's handles ints).
    let this_t = vm.builtin_type(heap, a.this());
    let other_t = vm.builtin_type(heap, a.pos[0]);
    let handled = match this_t {
        Some(T::Int | T::Bool) => matches!(other_t, Some(T::Int | T::Bool)),
        Some(T::Float) => matches!(other_t, Some(T::Int | T::Bool | T::Float)),
        Some(T::Complex) => matches!(other_t, Some(T::Int | T::Bool | T::Float | T::Complex)),
        _ => true,
    };
    if !handled {
        return Ok(not_implemented(heap));
    }
    let (x, y) = if reflected {
        (a.pos[0], a.this())
    } else {
        (a.this(), a.pos[0])
    };
    match vm.builtin_binary(heap, op, x, y) {
        Some(r) => r,
        None => match vm.sequence_binary(heap, op, x, y) {
            Some(r) => r,
            None => Ok(not_implemented(heap)),
        },
    }
}

/// `x.__iadd__(y)` of a mutable builtin (list, set, dict).
fn inplace(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let op = match a.name {
        "__iadd__" => BinOp::Add,
        "__imul__" => BinOp::Mul,
        "__ior__" => BinOp::Or,
        "__iand__" => BinOp::And,
        "__ixor__" => BinOp::Xor,
        "__isub__" => BinOp::Sub,
        _ => return Ok(not_implemented(heap)),
    };
    vm.inplace_op(heap, op, a.this(), a.pos[0])
}

/// `x.__eq__(y)`... for builtin values: the comparison, or `NotImplemented` between types
/// that do not compare.
fn compare(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let op = match a.name {
        "__eq__" => CmpOp::Eq,
        "__ne__" => CmpOp::Ne,
        "__lt__" => CmpOp::Lt,
        "__le__" => CmpOp::Le,
        "__gt__" => CmpOp::Gt,
        _ => CmpOp::Ge,
    };
    let (x, y) = (a.this(), a.pos[0]);
    if vm.builtin_type(heap, x) != vm.builtin_type(heap, y)
        && !(vm.number(heap, x).is_some() && vm.number(heap, y).is_some())
    {
        if matches!(op, CmpOp::Eq | CmpOp::Ne) && x == y {
            return Ok(heap.bool(op == CmpOp::Eq));
        }
        return Ok(not_implemented(heap));
    }
    vm.rich_compare(heap, x, y, op)
}

/// `-x`, `+x`, `abs(x)`, `~x`.
fn unary(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 0)?;
    let op = match a.name {
        "__neg__" => UnOp::Neg,
        "__pos__" => UnOp::Pos,
        "__invert__" => UnOp::Invert,
        _ => return vm.call_builtin_by_name(heap, "abs", &[a.this()]),
    };
    vm.unary_op(heap, op, a.this())
}

/// `__len__`, `__hash__`, `__bool__`, `__iter__`, `__str__`, `__repr__`, `__float__`...: the
/// builtin of the same name applied to the object.
fn via_builtin(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let f = match a.name {
        "__len__" => "len",
        "__hash__" => "hash",
        "__bool__" => "bool",
        "__iter__" => "iter",
        "__str__" => "str",
        "__repr__" => "repr",
        "__float__" => "float",
        "__int__" => "int",
        "__abs__" => "abs",
        "__reversed__" => "reversed",
        "__next__" => "next",
        _ => "repr",
    };
    a.count(0, 0)?;
    vm.call_builtin_by_name(heap, f, &[a.this()])
}

fn getitem(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    vm.getitem(heap, a.this(), a.pos[0])
}

fn setitem(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    heap.incref(a.pos[1]);
    vm.setitem(heap, a.this(), a.pos[0], a.pos[1])?;
    Ok(heap.none())
}

fn delitem(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    vm.delitem(heap, a.this(), a.pos[0])?;
    Ok(heap.none())
}

fn contains(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let r = vm.contains(heap, a.this(), a.pos[0])?;
    Ok(heap.bool(r))
}

macro_rules! defs {
    ($( $t:ident : [ $($name:literal => $f:ident),* $(,)? ] ),* $(,)?) => {
        /// The builtin types' special methods.
        pub(crate) const DEFS: &[Def] = &[
            $( $( method(T::$t, $name, $f), )* )*
        ];
    };
}

defs! {
    Int: [
        "__add__" => binary, "__radd__" => binary, "__sub__" => binary, "__rsub__" => binary,
        "__mul__" => binary, "__rmul__" => binary, "__truediv__" => binary,
        "__rtruediv__" => binary, "__floordiv__" => binary, "__rfloordiv__" => binary,
        "__mod__" => binary, "__rmod__" => binary, "__pow__" => binary, "__rpow__" => binary,
        "__lshift__" => binary, "__rlshift__" => binary, "__rshift__" => binary,
        "__rrshift__" => binary, "__and__" => binary, "__rand__" => binary,
        "__or__" => binary, "__ror__" => binary, "__xor__" => binary, "__rxor__" => binary,
        "__eq__" => compare, "__ne__" => compare, "__lt__" => compare, "__le__" => compare,
        "__gt__" => compare, "__ge__" => compare,
        "__neg__" => unary, "__pos__" => unary, "__invert__" => unary, "__abs__" => unary,
        "__hash__" => via_builtin, "__bool__" => via_builtin, "__float__" => via_builtin,
        "__str__" => via_builtin, "__repr__" => via_builtin,
    ],
    Float: [
        "__add__" => binary, "__radd__" => binary, "__sub__" => binary, "__rsub__" => binary,
        "__mul__" => binary, "__rmul__" => binary, "__truediv__" => binary,
        "__rtruediv__" => binary, "__floordiv__" => binary, "__rfloordiv__" => binary,
        "__mod__" => binary, "__rmod__" => binary, "__pow__" => binary, "__rpow__" => binary,
        "__eq__" => compare, "__ne__" => compare, "__lt__" => compare, "__le__" => compare,
        "__gt__" => compare, "__ge__" => compare,
        "__neg__" => unary, "__pos__" => unary, "__abs__" => unary,
        "__hash__" => via_builtin, "__bool__" => via_builtin, "__float__" => via_builtin,
        "__int__" => via_builtin, "__str__" => via_builtin, "__repr__" => via_builtin,
    ],
    Complex: [
        "__add__" => binary, "__radd__" => binary, "__sub__" => binary, "__rsub__" => binary,
        "__mul__" => binary, "__rmul__" => binary, "__truediv__" => binary,
        "__rtruediv__" => binary, "__pow__" => binary, "__rpow__" => binary,
        "__eq__" => compare, "__ne__" => compare,
        "__neg__" => unary, "__pos__" => unary, "__abs__" => unary,
        "__hash__" => via_builtin, "__bool__" => via_builtin, "__repr__" => via_builtin,
    ],
    Str: [
        "__add__" => binary, "__mul__" => binary, "__rmul__" => binary, "__mod__" => binary,
        "__eq__" => compare, "__ne__" => compare, "__lt__" => compare, "__le__" => compare,
        "__gt__" => compare, "__ge__" => compare,
        "__len__" => via_builtin, "__hash__" => via_builtin, "__iter__" => via_builtin,
        "__str__" => via_builtin, "__repr__" => via_builtin,
        "__getitem__" => getitem, "__contains__" => contains,
    ],
    Bytes: [
        "__add__" => binary, "__mul__" => binary, "__rmul__" => binary, "__mod__" => binary,
        "__eq__" => compare, "__ne__" => compare, "__lt__" => compare, "__le__" => compare,
        "__gt__" => compare, "__ge__" => compare,
        "__len__" => via_builtin, "__hash__" => via_builtin, "__iter__" => via_builtin,
        "__repr__" => via_builtin, "__getitem__" => getitem, "__contains__" => contains,
    ],
    List: [
        "__add__" => binary, "__mul__" => binary, "__rmul__" => binary,
        "__iadd__" => inplace, "__imul__" => inplace,
        "__eq__" => compare, "__ne__" => compare, "__lt__" => compare, "__le__" => compare,
        "__gt__" => compare, "__ge__" => compare,
        "__len__" => via_builtin, "__iter__" => via_builtin, "__reversed__" => via_builtin,
        "__repr__" => via_builtin,
        "__getitem__" => getitem, "__setitem__" => setitem, "__delitem__" => delitem,
        "__contains__" => contains,
    ],
    Tuple: [
        "__add__" => binary, "__mul__" => binary, "__rmul__" => binary,
        "__eq__" => compare, "__ne__" => compare, "__lt__" => compare, "__le__" => compare,
        "__gt__" => compare, "__ge__" => compare,
        "__len__" => via_builtin, "__hash__" => via_builtin, "__iter__" => via_builtin,
        "__repr__" => via_builtin, "__getitem__" => getitem, "__contains__" => contains,
    ],
    Dict: [
        "__or__" => binary, "__ror__" => binary, "__ior__" => inplace,
        "__eq__" => compare, "__ne__" => compare,
        "__len__" => via_builtin, "__iter__" => via_builtin, "__repr__" => via_builtin,
        "__reversed__" => via_builtin,
        "__getitem__" => getitem, "__setitem__" => setitem, "__delitem__" => delitem,
        "__contains__" => contains,
    ],
    Set: [
        "__and__" => binary, "__rand__" => binary, "__or__" => binary, "__ror__" => binary,
        "__xor__" => binary, "__rxor__" => binary, "__sub__" => binary, "__rsub__" => binary,
        "__iand__" => inplace, "__ior__" => inplace, "__ixor__" => inplace, "__isub__" => inplace,
        "__eq__" => compare, "__ne__" => compare, "__lt__" => compare, "__le__" => compare,
        "__gt__" => compare, "__ge__" => compare,
        "__len__" => via_builtin, "__iter__" => via_builtin, "__repr__" => via_builtin,
        "__contains__" => contains,
    ],
    FrozenSet: [
        "__and__" => binary, "__rand__" => binary, "__or__" => binary, "__ror__" => binary,
        "__xor__" => binary, "__rxor__" => binary, "__sub__" => binary, "__rsub__" => binary,
        "__eq__" => compare, "__ne__" => compare, "__lt__" => compare, "__le__" => compare,
        "__gt__" => compare, "__ge__" => compare,
        "__len__" => via_builtin, "__hash__" => via_builtin, "__iter__" => via_builtin,
        "__repr__" => via_builtin, "__contains__" => contains,
    ],
    Range: [
        "__len__" => via_builtin, "__iter__" => via_builtin, "__reversed__" => via_builtin,
        "__getitem__" => getitem, "__contains__" => contains, "__repr__" => via_builtin,
        "__eq__" => compare, "__ne__" => compare, "__hash__" => via_builtin,
    ],
}

impl Vm {
    /// Calls a builtin function of `builtins` by name with positional arguments.
    pub(crate) fn call_builtin_by_name(
        &mut self,
        heap: &mut Heap,
        name: &str,
        args: &[ObjId],
    ) -> R<ObjId> {
        let f = self.builtin_function(heap, name);
        let r = self.call1(heap, f, args);
        heap.decref(self, f);
        r
    }
}
