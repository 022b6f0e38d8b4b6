//! The `sys` module: reference counts and sizes as CPython reports them, interning, the
//! allocator's statistics (`_debugmallocstats`, `getallocatedblocks`), the exception being
//! handled, exiting, the recursion limit, frames, and the version.

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{Kind, NativePayload};

use super::super::builtins::{function, Args, Def, T};
use super::super::exception::{type_error, value_error, R};
use super::super::Vm;

const M: Option<&str> = Some("sys");

fn getrefcount(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let o = heap.get(a.pos[0]);
    let rc = if o.flags.immortal {
        heap.config.immortal_refcnt
    } else {
        o.refcnt
    };
    Ok(heap.int(rc))
}

fn is_immortal(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let imm = heap.get(a.pos[0]).flags.immortal;
    Ok(heap.bool(imm))
}

/// `sys.getsizeof(obj)`: `__sizeof__()` plus the GC header (and pre-header) of GC objects.
fn getsizeof(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 2)?;
    let obj = a.pos[0];
    let class = vm.type_of(heap, obj);
    if matches!(heap.kind(class), Kind::Class(_)) {
        if let Some(f) = vm.lookup_type_attr(heap, class, "__sizeof__") {
            if matches!(heap.kind(f), Kind::Function(_)) {
                heap.incref(f);
                let r = vm.call1(heap, f, &[obj]);
                heap.decref(vm, f);
                let r = r?;
                let n = match vm.int_value(heap, r) {
                    Some(n) => n,
                    None => {
                        heap.decref(vm, r);
                        return Err(type_error("an integer is required"));
                    }
                };
                heap.decref(vm, r);
                let n: i64 = i64::try_from(n).unwrap_or(i64::MAX);
                if n < 0 {
                    return Err(value_error("__sizeof__() should return >= 0"));
                }
                let (request, pre) = heap.request_size(heap.kind(obj));
                let _ = request;
                return Ok(heap.int(n + pre as i64));
            }
        }
    }
    // `_PySys_GetSizeOf` calls the type's `__sizeof__`, bound to the object.
    let method = vm.transient_cmethod(heap, obj);
    heap.decref(vm, method);
    let mut n = heap.getsizeof(obj);
    if let Kind::Native(d) = heap.kind(obj) {
        if let NativePayload::Blocks(blocks) = &d.payload {
            n += blocks.iter().map(|b| b.1).sum::<u64>();
        }
    }
    Ok(heap.int(n as i64))
}

fn intern(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let s = a.pos[0];
    if !matches!(heap.kind(s), Kind::Str(_)) || vm.builtin_type(heap, s) != Some(T::Str) {
        let t = vm.type_name(heap, s);
        return Err(type_error(format!(
            "intern() argument{} must be str, not {t}",
            if heap.config.version.minor >= 10 {
                ""
            } else {
                " 1"
            }
        )));
    }
    Ok(heap.intern(s))
}

/// The footer of `_debugmallocstats`: the type free lists.
fn free_list_footer(heap: &Heap) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let line = |out: &mut String, count: usize, what: &str, size: u64| {
        let left = format!("{count} {what} * {size} bytes each");
        let _ = writeln!(
            out,
            "{left:>48} ={:>21}",
            crate::engine::pymalloc::thousands(count as u64 * size)
        );
    };
    let v = heap.config.version;
    let f = &heap.freelists;
    // 3.15 counts the GC header of GC types (gh-148189).
    let gc = if v.at_least(15) { 16 } else { 0 };
    if v.minor == 8 {
        line(&mut out, 0, "free PyCFunctionObjects", 56);
    }
    line(&mut out, f.dict.len(), "free PyDictObjects", 48 + gc);
    if v.at_least(13) {
        line(&mut out, f.dict_keys.len(), "free PyDictKeysObjects", 32);
    }
    line(&mut out, f.float.len(), "free PyFloatObjects", 24);
    if !v.at_least(11) {
        line(
            &mut out,
            f.frame.len(),
            "free PyFrameObjects",
            if v.minor == 10 { 360 } else { 368 },
        );
    }
    line(&mut out, f.list.len(), "free PyListObjects", 40 + gc);
    if v.minor == 8 {
        line(&mut out, 0, "free PyMethodObjects", 48);
    }
    let tuple_base = 24 + if v.at_least(14) { 8 } else { 0 } + gc;
    for n in 1..=heap.config.tuple_freelist_max_len {
        let count = f.tuple.get(n).map_or(0, Vec::len);
        line(
            &mut out,
            count,
            &format!("free {n}-sized PyTupleObjects"),
            tuple_base + 8 * n as u64,
        );
    }
    out
}

fn debugmallocstats(vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    let mut text = heap.alloc.debug_stats_report(heap.config.arena_map);
    text.push('\n');
    text.push_str(&free_list_footer(heap));
    vm.emit(heap, true, &text);
    Ok(heap.none())
}

fn getallocatedblocks(_vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    let usage = heap.alloc.class_usage();
    let n: u64 =
        usage.iter().map(|u| u.blocks_in_use).sum::<u64>() + heap.alloc.raw_allocated_blocks;
    Ok(heap.int(n as i64))
}

fn exc_info(vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    let items = match vm.handled_exception(heap) {
        Some(e) => {
            let t = vm.type_of(heap, e);
            let tb = match heap.kind(e) {
                Kind::Exception(d) => d.traceback,
                _ => None,
            };
            heap.incref(t);
            heap.incref(e);
            let tb = match tb {
                Some(tb) => {
                    heap.incref(tb);
                    tb
                }
                None => heap.none(),
            };
            vec![t, e, tb]
        }
        None => vec![heap.none(), heap.none(), heap.none()],
    };
    Ok(vm.new_tuple(heap, items))
}

fn exception(vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    Ok(match vm.handled_exception(heap) {
        Some(e) => {
            heap.incref(e);
            e
        }
        None => heap.none(),
    })
}

fn exit(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 1)?;
    let args = match a.pos.first() {
        Some(&v) => {
            heap.incref(v);
            vm.new_tuple(heap, vec![v])
        }
        None => vm.new_tuple(heap, Vec::new()),
    };
    let class = vm.types.get(T::SystemExit);
    let e = vm.new_exception(heap, class, args);
    Err(super::super::exception::Exc::new(
        super::super::exception::Raised::Obj(e),
    ))
}

fn getrecursionlimit(vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    Ok(heap.int(i64::from(vm.recursion_limit)))
}

fn setrecursionlimit(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    if matches!(heap.kind(a.pos[0]), Kind::Float(_)) {
        return Err(type_error(
            "'float' object cannot be interpreted as an integer",
        ));
    }
    let n = vm.index_value(heap, a.pos[0])?;
    if n < 1 {
        return Err(value_error(
            "recursion limit must be greater or equal than 1",
        ));
    }
    vm.recursion_limit = n.min(i64::from(u32::MAX)) as u32;
    Ok(heap.none())
}

fn set_int_max_str_digits(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let Some(v) = a.arg(heap, 0, "maxdigits") else {
        return Err(type_error(
            "set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)",
        ));
    };
    let n = vm.index_value(heap, v)?;
    if n != 0 && n < 640 {
        return Err(value_error("maxdigits must be 0 or larger than 640"));
    }
    vm.int_max_str_digits = n as usize;
    Ok(heap.none())
}

fn get_int_max_str_digits(vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    Ok(heap.int(vm.int_max_str_digits as i64))
}

fn getframe(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 1)?;
    let depth = match a.pos.first() {
        Some(&d) => vm.index_value(heap, d)?,
        None => 0,
    };
    // The frames running Python code, innermost last (a builtin's caller is the innermost).
    let n = vm.frames.len() as i64;
    if depth < 0 || depth >= n {
        return Err(value_error("call stack is not deep enough"));
    }
    let index = (n - 1 - depth) as usize;
    let f = vm.frame_object(heap, index);
    heap.incref(f);
    Ok(f)
}

fn getdefaultencoding(_vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    Ok(heap.str("utf-8"))
}

fn getswitchinterval(_vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    Ok(heap.new_plain(Kind::Float(0.005)))
}

/// `sys` functions.
pub(crate) const DEFS: &[Def] = &[
    function(M, "getrefcount", getrefcount),
    function(M, "getsizeof", getsizeof),
    function(M, "intern", intern),
    function(M, "_debugmallocstats", debugmallocstats),
    function(M, "getallocatedblocks", getallocatedblocks),
    function(M, "exc_info", exc_info),
    function(M, "exception", exception),
    function(M, "exit", exit),
    function(M, "getrecursionlimit", getrecursionlimit),
    function(M, "setrecursionlimit", setrecursionlimit),
    function(M, "set_int_max_str_digits", set_int_max_str_digits),
    function(M, "get_int_max_str_digits", get_int_max_str_digits),
    function(M, "_getframe", getframe),
    function(M, "getdefaultencoding", getdefaultencoding),
    function(M, "getswitchinterval", getswitchinterval),
    function(M, "_is_immortal", is_immortal),
];

/// Functions that exist only in some versions.
pub(crate) fn exists(minor: u8, name: &str) -> bool {
    match name {
        "exception" => minor >= 11,
        "set_int_max_str_digits" | "get_int_max_str_digits" => minor >= 11,
        "_is_immortal" => minor >= 14,
        _ => true,
    }
}

/// `sys`'s values: `version_info`, `maxsize`, `byteorder`, `platform`, `implementation`-like
/// strings, `argv`, `path`, `modules`-free basics.
pub(crate) fn module_values(vm: &mut Vm, heap: &mut Heap, dict: ObjId) -> R<()> {
    let v = heap.config.version;
    let set = |vm: &mut Vm, heap: &mut Heap, k: &str, val: ObjId| {
        let key = vm.intern(heap, k);
        vm.dict_set_str_key(heap, dict, key, val);
    };
    let parts = [
        heap.int(3),
        heap.int(i64::from(v.minor)),
        heap.int(0),
        heap.str("final"),
        heap.int(0),
    ];
    let vi = vm.new_tuple(heap, parts.to_vec());
    set(vm, heap, "version_info", vi);
    let version = heap.str(&format!("3.{}.0 (pymemsim)", v.minor));
    set(vm, heap, "version", version);
    let hexversion = heap.int(0x0300_0000 | (i64::from(v.minor) << 16) | 0xf0);
    set(vm, heap, "hexversion", hexversion);
    let maxsize = heap.int(i64::MAX);
    set(vm, heap, "maxsize", maxsize);
    let maxunicode = heap.int(0x10ffff);
    set(vm, heap, "maxunicode", maxunicode);
    for (k, s) in [
        ("byteorder", "little"),
        ("platform", "linux"),
        ("executable", "python3"),
    ] {
        let val = heap.str(s);
        set(vm, heap, k, val);
    }
    let path = heap.str(&vm.path.clone());
    let argv = vm.new_list(heap, vec![path]);
    set(vm, heap, "argv", argv);
    let p = vm.new_list(heap, Vec::new());
    set(vm, heap, "path", p);
    Ok(())
}
