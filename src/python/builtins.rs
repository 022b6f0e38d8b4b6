//! The table of builtin functions, builtin types, module functions and methods of builtin types,
//! by name. A [`BuiltinId`] is an index into [`NAMES`]; the interpreter dispatches on the name.

use crate::engine::object::BuiltinId;

/// Every builtin the front end knows, as `module.name`, `type.method` or a bare builtin name.
pub const NAMES: &[&str] = &[
    // builtin types (callable constructors)
    "int",
    "float",
    "str",
    "bytes",
    "bytearray",
    "list",
    "tuple",
    "dict",
    "set",
    "frozenset",
    "object",
    "bool",
    "type",
    "range",
    "weakref.ref",
    "weakref.finalize",
    "NoneType",
    "function",
    "method",
    "module",
    "cell",
    // builtin functions
    "print",
    "len",
    "id",
    "repr",
    "hex",
    "isinstance",
    "sum",
    "min",
    "max",
    "abs",
    "sorted",
    "iter",
    "next",
    "hash",
    "getattr",
    "setattr",
    "hasattr",
    "delattr",
    "callable",
    "map",
    "enumerate",
    "zip",
    "any",
    "all",
    "reversed",
    "chr",
    "ord",
    "divmod",
    "round",
    "issubclass",
    "vars",
    "globals",
    // gc
    "gc.collect",
    "gc.get_count",
    "gc.get_threshold",
    "gc.set_threshold",
    "gc.disable",
    "gc.enable",
    "gc.isenabled",
    "gc.is_tracked",
    "gc.is_finalized",
    "gc.freeze",
    "gc.unfreeze",
    "gc.get_freeze_count",
    "gc.get_stats",
    "gc.set_debug",
    "gc.get_debug",
    "gc.get_referrers",
    "gc.get_referents",
    "gc.get_objects",
    // sys
    "sys.getrefcount",
    "sys.getsizeof",
    "sys.intern",
    "sys._debugmallocstats",
    "sys.getallocatedblocks",
    // weakref
    "weakref.getweakrefcount",
    "weakref.getweakrefs",
    // others
    "_testcapi.with_tp_del",
    "time.perf_counter",
    "time.time",
    "time.monotonic",
    "itertools.repeat",
    // methods of builtin types
    "list.append",
    "list.extend",
    "list.pop",
    "list.insert",
    "list.clear",
    "list.remove",
    "list.copy",
    "list.index",
    "list.count",
    "list.reverse",
    "list.sort",
    "dict.keys",
    "dict.values",
    "dict.items",
    "dict.get",
    "dict.pop",
    "dict.clear",
    "dict.copy",
    "dict.update",
    "dict.setdefault",
    "set.add",
    "set.discard",
    "set.remove",
    "set.update",
    "set.pop",
    "set.clear",
    "set.copy",
    "str.join",
    "str.format",
    "str.upper",
    "str.lower",
    "str.split",
    "str.strip",
    "str.replace",
    "str.startswith",
    "str.endswith",
    "tuple.index",
    "tuple.count",
    "finalize.__call__",
    "bytearray.append",
    "bytearray.extend",
];

/// Index of the first name that is not a type.
const FIRST_FUNCTION: usize = 21;

/// The id of a builtin by name.
pub fn id(name: &str) -> Option<BuiltinId> {
    NAMES
        .iter()
        .position(|&n| n == name)
        .map(|i| BuiltinId(i as u16))
}

/// The full name of a builtin (`"gc.collect"`, `"list.append"`).
pub fn full_name(b: BuiltinId) -> &'static str {
    NAMES.get(b.0 as usize).copied().unwrap_or("?")
}

/// The short name (`"collect"`, `"append"`).
pub fn name(b: BuiltinId) -> &'static str {
    let full = full_name(b);
    full.rsplit('.').next().unwrap_or(full)
}

/// True for builtin types.
pub fn is_type(b: BuiltinId) -> bool {
    (b.0 as usize) < FIRST_FUNCTION
}

/// `repr()` of a builtin function or type.
pub fn builtin_repr(b: BuiltinId) -> String {
    let full = full_name(b);
    if is_type(b) {
        let shown = match full {
            "weakref.ref" => "weakref.ReferenceType",
            "weakref.finalize" => "weakref.finalize",
            other => other,
        };
        format!("<class '{shown}'>")
    } else {
        format!("<built-in function {}>", name(b))
    }
}

/// Does calling this builtin build a tuple of its positional arguments on this version (it has
/// neither vectorcall nor a fastcall calling convention)? Measured on the pyenv interpreters:
/// types got vectorcall in 3.9 (range, list, tuple, dict, set, frozenset), 3.10 (float, bool)
/// and 3.13 (int, str); `sys.getsizeof` takes `*args, **kwargs` everywhere.
pub fn builds_args_tuple(b: BuiltinId, minor: u8) -> bool {
    match full_name(b) {
        "sys.getsizeof" | "bytes" | "bytearray" => true,
        "int" | "str" => minor < 13,
        "float" | "bool" => minor < 10,
        "range" | "list" | "tuple" | "dict" | "set" | "frozenset" => minor < 9,
        _ => false,
    }
}

/// Is this builtin available on this version?
pub fn exists_in(b: BuiltinId, minor: u8) -> bool {
    !matches!(full_name(b), "gc.is_finalized" if minor < 9)
}

/// The builtins visible without import.
pub fn is_global_builtin(name: &str) -> bool {
    !name.contains('.')
        && NAMES.contains(&name)
        && !matches!(name, "NoneType" | "function" | "method" | "module" | "cell")
}

/// The functions a module exports.
pub fn module_members(module: &str) -> Vec<(&'static str, BuiltinId)> {
    let prefix = format!("{module}.");
    NAMES
        .iter()
        .enumerate()
        .filter(|(_, n)| n.starts_with(&prefix))
        .map(|(i, n)| (&n[prefix.len()..], BuiltinId(i as u16)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_both_ways() {
        let c = id("gc.collect").unwrap_or(BuiltinId(0));
        assert_eq!(full_name(c), "gc.collect");
        assert_eq!(name(c), "collect");
        assert!(is_type(id("list").unwrap_or(BuiltinId(999))));
        assert!(!is_type(id("print").unwrap_or(BuiltinId(0))));
        assert_eq!(NAMES[FIRST_FUNCTION], "print");
        assert!(module_members("gc").iter().any(|(n, _)| *n == "collect"));
    }
}
