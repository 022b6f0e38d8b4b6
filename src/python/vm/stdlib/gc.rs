//! The `gc` module: collections on demand, counts and thresholds, tracking queries, the
//! freeze/permanent generation, debug flags, referrers and referents, statistics.

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::Kind;

use super::super::builtins::{function, Args, Def};
use super::super::exception::{type_error, value_error, R};
use super::super::Vm;

const M: Option<&str> = Some("gc");

fn collect(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    if a.pos.len() + a.kwnames.len() > 1 {
        return Err(type_error(format!(
            "collect() takes at most 1 argument ({} given)",
            a.pos.len() + a.kwnames.len()
        )));
    }
    let g = match a.arg(heap, 0, "generation") {
        Some(g) => vm.index_value(heap, g)?,
        None => 2,
    };
    if !(0..=2).contains(&g) {
        return Err(value_error("invalid generation"));
    }
    let n = heap
        .collect_explicit(vm, g as u8)
        .map_or(0, |r| r.collected + r.uncollectable);
    Ok(heap.int(n as i64))
}

fn int_tuple(vm: &mut Vm, heap: &mut Heap, values: &[i64]) -> ObjId {
    let items: Vec<ObjId> = values.iter().map(|&v| heap.int(v)).collect();
    vm.new_tuple(heap, items)
}

fn get_count(vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    let c = heap.gc.counts;
    Ok(int_tuple(vm, heap, &c))
}

fn get_threshold(vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    let t = heap.gc.thresholds.map(i64::from);
    Ok(int_tuple(vm, heap, &t))
}

fn set_threshold(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 3)?;
    for (i, &x) in a.pos.iter().enumerate().take(3) {
        let v = vm.index_value(heap, x)?;
        heap.gc.thresholds[i] = v.max(0) as u32;
    }
    Ok(heap.none())
}

fn disable(_vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    heap.gc.enabled = false;
    Ok(heap.none())
}

fn enable(_vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    heap.gc.enabled = true;
    Ok(heap.none())
}

fn isenabled(_vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    let e = heap.gc.enabled;
    Ok(heap.bool(e))
}

fn is_tracked(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let o = heap.get(a.pos[0]);
    // Builtin functions and method descriptors are GC objects CPython made at start-up (and
    // keeps tracked); pymemsim keeps them as static records.
    let t = o.is_tracked() || (o.flags.is_static && matches!(o.kind, Kind::BuiltinFn(..)));
    Ok(heap.bool(t))
}

fn is_finalized(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let t = heap.get(a.pos[0]).flags.finalized;
    Ok(heap.bool(t))
}

fn freeze(_vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    heap.gc_freeze();
    Ok(heap.none())
}

fn unfreeze(_vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    heap.gc_unfreeze();
    Ok(heap.none())
}

fn get_freeze_count(_vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    let n = heap.gc.len(3);
    Ok(heap.int(i64::from(n)))
}

fn get_stats(vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    let mut dicts = Vec::new();
    let minor = heap.config.version.minor;
    for s in heap.gc.stats {
        let d = heap.dict(vm);
        let mut fields = vec![
            ("collections", s.collections),
            ("collected", s.collected),
            ("uncollectable", s.uncollectable),
        ];
        if minor >= 15 {
            fields.push(("candidates", s.candidates));
        }
        for (k, v) in fields {
            let key = vm.intern(heap, k);
            let val = heap.int(v as i64);
            vm.dict_set_str_key(heap, d, key, val);
        }
        if minor >= 15 {
            let key = vm.intern(heap, "duration");
            let val = heap.new_plain(Kind::Float(0.0));
            vm.dict_set_str_key(heap, d, key, val);
        }
        dicts.push(d);
    }
    Ok(vm.new_list(heap, dicts))
}

fn set_debug(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    heap.gc.debug = vm.index_value(heap, a.pos[0])? as u32;
    Ok(heap.none())
}

fn get_debug(_vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    let d = heap.gc.debug;
    Ok(heap.int(i64::from(d)))
}

fn get_objects(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let gens: Vec<u8> = match a.arg(heap, 0, "generation") {
        Some(g) if !matches!(heap.kind(g), Kind::None) => {
            let g = vm.index_value(heap, g)?;
            if !(0..=2).contains(&g) {
                return Err(value_error(if g < 0 {
                    "generation parameter must be positive"
                } else {
                    "generation parameter must be less than the number of available generations (3)"
                }
                .to_string()
                ));
            }
            vec![g as u8]
        }
        _ => vec![0, 1, 2],
    };
    let mut objs = Vec::new();
    for g in gens {
        objs.extend(heap.gcl_objects(g));
    }
    for &o in &objs {
        heap.incref(o);
    }
    Ok(vm.new_list(heap, objs))
}

fn get_referents(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let mut out = Vec::new();
    for &x in a.pos {
        if heap.get(x).kind.is_gc_type() {
            let object = vm.types.get(super::super::builtins::T::Object);
            out.extend(traverse_order(heap, x, object));
        }
    }
    for &o in &out {
        heap.incref(o);
    }
    Ok(vm.new_list(heap, out))
}

/// What `tp_traverse` visits, in its order: sequences from the last item to the first,
/// dicts value then key per entry (values only when every key is a str).
/// `object` is the base of a class without explicit ones (pymemsim keeps it implicit).
fn traverse_order(heap: &Heap, x: ObjId, object: ObjId) -> Vec<ObjId> {
    // `subtype_traverse` visits a user class of builtin layout first.
    if let Some(class) = heap.subtype_class(x) {
        let mut out = vec![class];
        if let Kind::Tuple(items) = heap.kind(x) {
            out.extend(items.iter().rev());
        }
        return out;
    }
    match heap.kind(x) {
        Kind::List(items, ..) | Kind::Tuple(items) => items.iter().rev().copied().collect(),
        Kind::Dict(d) if !d.borrowed => {
            let mut out = Vec::with_capacity(d.used * 2);
            for (k, v) in d.iter() {
                out.push(v);
                if !d.unicode {
                    out.push(k);
                }
            }
            if let Some(f) = d.default_factory {
                out.push(f);
            }
            out
        }
        // type_traverse: tp_dict, tp_mro, tp_bases, tp_base (the metaclass after them,
        // subtype_traverse's).
        Kind::Class(c) => [
            Some(c.dict),
            c.mro,
            c.bases_tuple,
            Some(c.bases.first().copied().unwrap_or(object)),
            c.metaclass,
        ]
        .into_iter()
        .flatten()
        .collect(),
        k => k.refs(),
    }
}

fn get_referrers(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let mut out = Vec::new();
    for g in 0..3u8 {
        for o in heap.gcl_objects(g) {
            // `gc_referrers_for`: the tuple the arguments came in is not a referrer.
            if Some(o) == vm.varargs {
                continue;
            }
            let refs = heap.refs_of(o);
            if refs.iter().any(|r| a.pos.contains(r)) {
                out.push(o);
            }
        }
    }
    for &o in &out {
        heap.incref(o);
    }
    Ok(vm.new_list(heap, out))
}

/// `gc` functions.
pub(crate) const DEFS: &[Def] = &[
    function(M, "collect", collect),
    function(M, "get_count", get_count),
    function(M, "get_threshold", get_threshold),
    function(M, "set_threshold", set_threshold),
    function(M, "disable", disable),
    function(M, "enable", enable),
    function(M, "isenabled", isenabled),
    function(M, "is_tracked", is_tracked),
    function(M, "is_finalized", is_finalized),
    function(M, "freeze", freeze),
    function(M, "unfreeze", unfreeze),
    function(M, "get_freeze_count", get_freeze_count),
    function(M, "get_stats", get_stats),
    function(M, "set_debug", set_debug),
    function(M, "get_debug", get_debug),
    function(M, "get_objects", get_objects),
    function(M, "get_referents", get_referents),
    function(M, "get_referrers", get_referrers),
];
