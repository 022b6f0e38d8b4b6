//! Per-statement snapshots for views and plots: at each top-level statement boundary the front
//! end can record GC counters, memory totals and — while the program's own objects are few — the
//! graph of those objects with the global names bound to them. Time-travelling views read the
//! snapshot at or before the cursor; the reversible event stream gives everything else.

use std::collections::HashSet;

use crate::engine::event::TypeTag;
use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::Kind;

/// Most program objects a graph snapshot records (beyond that only totals are kept).
pub const GRAPH_LIMIT: usize = 400;

/// A node of the object graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The object.
    pub id: ObjId,
    /// Its type.
    pub ty: TypeTag,
    /// Its type name (class name for instances).
    pub type_name: String,
    /// A short value label ("[3 items]", "'abc'", "1.5").
    pub label: String,
    /// Reference count.
    pub refcnt: i64,
    /// Generation, or 255 when untracked.
    pub generation: u8,
    /// Its memory block's address.
    pub block: u64,
    /// Bytes the object asked for.
    pub size: u64,
    /// References to other recorded nodes (each target once).
    pub refs: Vec<ObjId>,
    /// What each of `refs` is to this object, as Python names it: `.name` for an attribute,
    /// `[0]` for an item, `['k']` for a dict value, `key`, `cell_contents`... (several joined
    /// by spaces when the object refers to one target more than once; empty when it has no
    /// name, as a set's items).
    pub labels: Vec<String>,
    /// Its reference count is more than the references the graph records to it (from its
    /// objects, names, locals and value stacks): something not drawn holds it — the
    /// interpreter's own C code (a call's argument tuple), an iterator, a function's defaults —
    /// so it is not garbage even when no name reaches it.
    pub held_elsewhere: bool,
}

/// One running frame at a statement boundary, as Python Tutor draws it: its function, its
/// line and its locals (a cell variable's local is its cell), and the references its value
/// stack holds (a call's arguments, a list being built).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrameSnap {
    /// The code's qualified name (`f`, `Node.__init__`, `<genexpr>`).
    pub name: String,
    /// The line it is at.
    pub line: u32,
    /// Its locals bound to recorded nodes, in `co_varnames` order.
    pub locals: Vec<(String, ObjId)>,
    /// Recorded nodes its value stack refers to, bottom first.
    pub stack: Vec<ObjId>,
}

/// The state at one statement boundary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepSnapshot {
    /// Events applied when it was taken (the state after `events[..event]`).
    pub event: usize,
    /// Source line.
    pub line: u32,
    /// `gc.get_count()`.
    pub counts: [i64; 3],
    /// Objects in generations 0, 1, 2 and the permanent generation.
    pub generations: [u32; 4],
    /// Arenas mapped.
    pub arenas: u64,
    /// Bytes in handed-out pymalloc blocks.
    pub block_bytes: u64,
    /// Pools in use (used + full).
    pub pools: u64,
    /// Live objects.
    pub objects: u64,
    /// Collections finished so far (all generations).
    pub collections: u64,
    /// The program's objects and the names bound to them, when few enough.
    pub graph: Option<Graph>,
}

/// The program's objects at a statement boundary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Graph {
    /// Global names and the objects they name.
    pub names: Vec<(String, ObjId)>,
    /// The running frames, outermost first: the module's (its names are `names`; it has no
    /// locals, only its value stack), then one per call.
    pub frames: Vec<FrameSnap>,
    /// The objects.
    pub nodes: Vec<Node>,
}

impl Graph {
    /// Object slot → index of its node.
    pub fn index(&self) -> std::collections::HashMap<u32, usize> {
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.0, i))
            .collect()
    }

    /// Every root, in drawing order: the global names, then each frame's locals, then the
    /// objects the frames' value stacks hold (named `None`).
    pub fn roots(&self) -> impl Iterator<Item = (Option<&str>, ObjId)> + '_ {
        let names = self.names.iter().map(|(n, id)| (Some(n.as_str()), *id));
        let locals = self
            .frames
            .iter()
            .flat_map(|f| f.locals.iter().map(|(n, id)| (Some(n.as_str()), *id)));
        let stack = self
            .frames
            .iter()
            .flat_map(|f| f.stack.iter().map(|&id| (None, id)));
        names.chain(locals).chain(stack)
    }

    /// The nodes the roots (names, locals, value stacks) reach, in breadth-first order from
    /// them (each once); `index` is [`Graph::index`].
    pub fn reached_from_names(&self, index: &std::collections::HashMap<u32, usize>) -> Vec<usize> {
        let roots = self.roots().filter_map(|(_, id)| index.get(&id.0).copied());
        self.reached_from(roots.collect(), index)
    }

    /// Which nodes are alive: reached from the roots or from an object something undrawn
    /// holds ([`Node::held_elsewhere`]) — the collector's own rule (an object with references
    /// from outside the examined set is reachable, and so is all it refers to) applied to the
    /// drawn graph. The others are garbage.
    pub fn alive(&self, index: &std::collections::HashMap<u32, usize>) -> Vec<bool> {
        let mut starts: std::collections::VecDeque<usize> = self
            .roots()
            .filter_map(|(_, id)| index.get(&id.0).copied())
            .collect();
        starts.extend((0..self.nodes.len()).filter(|&i| self.nodes[i].held_elsewhere));
        let mut alive = vec![false; self.nodes.len()];
        for i in self.reached_from(starts, index) {
            alive[i] = true;
        }
        alive
    }

    /// The nodes reached from `queue`, breadth first, each once.
    fn reached_from(
        &self,
        mut queue: std::collections::VecDeque<usize>,
        index: &std::collections::HashMap<u32, usize>,
    ) -> Vec<usize> {
        let mut order = Vec::new();
        let mut seen = vec![false; self.nodes.len()];
        while let Some(i) = queue.pop_front() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            order.push(i);
            for r in &self.nodes[i].refs {
                if let Some(&j) = index.get(&r.0) {
                    queue.push_back(j);
                }
            }
        }
        order
    }
}

/// Whether an object is part of what a program builds (not interpreter machinery).
fn interesting(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::List(..)
            | Kind::Tuple(_)
            | Kind::Dict(_)
            | Kind::PySet(_)
            | Kind::Instance(_)
            | Kind::Exception(_)
            | Kind::Float(_)
            | Kind::Complex(..)
            | Kind::Int(_)
            | Kind::Str(_)
            | Kind::Bytes(_)
            | Kind::ByteArray(..)
            | Kind::WeakRef(..)
            | Kind::Object
            | Kind::Method(..)
            | Kind::Cell(_)
            | Kind::Generator(_)
            | Kind::Traceback(..)
            | Kind::FrameObj(_)
            | Kind::Native(_)
    )
}

/// A short label for a node.
pub fn label(heap: &Heap, id: ObjId) -> String {
    let short = |s: String| {
        if s.chars().count() > 18 {
            format!("{}...", s.chars().take(15).collect::<String>())
        } else {
            s
        }
    };
    match heap.kind(id) {
        Kind::List(v, ..) => format!("[{} items]", v.len()),
        Kind::Tuple(v) => format!("({} items)", v.len()),
        Kind::Dict(d) => format!("{{{} keys}}", d.used),
        Kind::PySet(d) => format!("{{{} items}}", d.used),
        Kind::Float(_) | Kind::Int(_) | Kind::Str(_) | Kind::Bytes(_) => {
            short(super::repr::repr(heap, id, &mut Vec::new()))
        }
        Kind::WeakRef(t, ..) => {
            if t.is_some() {
                "alive".into()
            } else {
                "dead".into()
            }
        }
        _ => String::new(),
    }
}

/// A short label of a dict key (`'name'`, `3`).
fn key_label(heap: &Heap, key: ObjId) -> String {
    let r = super::repr::repr(heap, key, &mut Vec::new());
    if r.chars().count() > 12 {
        format!("{}...", r.chars().take(10).collect::<String>())
    } else {
        r
    }
}

/// An object's references with what each is to it (`.attr`, `[i]`, `['key']`), in
/// `tp_traverse` order where that has names; other references unnamed.
fn labeled_refs(heap: &Heap, id: ObjId, out: &mut Vec<(String, ObjId)>) {
    use crate::engine::object::InstanceDict;
    out.clear();
    match heap.kind(id) {
        Kind::List(items, ..) | Kind::Tuple(items) => {
            out.extend(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, &r)| (format!("[{i}]"), r)),
            );
        }
        Kind::Dict(d) => {
            for (k, v) in d.iter() {
                out.push(("key".into(), k));
                out.push((format!("[{}]", key_label(heap, k)), v));
            }
        }
        Kind::Instance(inst) => {
            let slot_names: &[std::rc::Rc<str>] = match heap.kind(inst.class) {
                Kind::Class(c) => c.slots.as_deref().unwrap_or(&[]),
                _ => &[],
            };
            for (i, r) in inst.slots.iter().enumerate() {
                if let Some(r) = r {
                    let name = slot_names.get(i).map_or("slot", |n| n.as_ref());
                    out.push((format!(".{name}"), *r));
                }
            }
            match &inst.dict {
                InstanceDict::Dict(d) => out.push(("__dict__".into(), *d)),
                InstanceDict::Values(_) if inst.values_via_dict => {}
                InstanceDict::Values(vals) => {
                    out.extend(vals.iter().map(|(n, v)| (format!(".{n}"), *v)));
                }
                InstanceDict::None => {}
            }
            if let Some(d) = inst.dict_view {
                out.push(("__dict__".into(), d));
            }
            out.push(("__class__".into(), inst.class));
        }
        Kind::Cell(Some(r)) => out.push(("cell_contents".into(), *r)),
        Kind::Method(f, s) => {
            out.push(("__func__".into(), *f));
            out.push(("__self__".into(), *s));
        }
        _ => out.extend(heap.refs_of(id).into_iter().map(|r| (String::new(), r))),
    }
}

/// Records a snapshot; `names` are the module's global bindings, `frames` the running calls
/// (outermost first); `interpreter` holds the object slots of the interpreter's start-up
/// (unless freed and reused).
pub fn take(
    heap: &Heap,
    event: usize,
    line: u32,
    names: Vec<(String, ObjId)>,
    mut frames: Vec<FrameSnap>,
    interpreter: &HashSet<u32>,
) -> StepSnapshot {
    let usage = heap.alloc.class_usage();
    let block_bytes = usage
        .iter()
        .enumerate()
        .map(|(i, u)| u.blocks_in_use * (i as u64 + 1) * 16)
        .sum();
    let pools = usage.iter().map(|u| u.pools).sum();
    let collections = heap.gc.stats.iter().map(|s| s.collections).sum();
    let generations = [
        heap.gc.len(0),
        heap.gc.len(1),
        heap.gc.len(2),
        heap.gc.len(3),
    ];
    let mut snap = StepSnapshot {
        event,
        line,
        counts: heap.gc.counts,
        generations,
        arenas: heap.alloc.narenas_currently_allocated,
        block_bytes,
        pools,
        objects: heap.live,
        collections,
        graph: None,
    };
    // A big heap is summarised, not drawn: skip the object scan.
    if heap.live > interpreter.len() as u64 + (GRAPH_LIMIT as u64) * 8 {
        return snap;
    }
    // Namespaces (module and class dicts) are shown as names, not as nodes.
    let mut namespaces = HashSet::new();
    for id in heap.live_objects() {
        match heap.kind(id) {
            Kind::Class(c) => {
                // The class's own machinery: namespace, bases and MRO tuples, subclass table,
                // and what its dunder entries hold (`__static_attributes__`, `__slots__`).
                namespaces.insert(c.dict);
                if let Kind::Dict(d) = heap.kind(c.dict) {
                    for (k, v) in d.iter() {
                        if matches!(heap.kind(k), Kind::Str(s) if s.starts_with("__")) {
                            namespaces.insert(v);
                        }
                    }
                }
                for t in [c.bases_tuple, c.mro, c.slots_tuple].into_iter().flatten() {
                    namespaces.insert(t);
                }
                if let Some(table) = c.subclasses {
                    namespaces.insert(table);
                    if let Kind::Dict(d) = heap.kind(table) {
                        for (k, v) in d.iter() {
                            namespaces.insert(k);
                            namespaces.insert(v);
                        }
                    }
                }
            }
            Kind::Module(_, d) => {
                namespaces.insert(*d);
            }
            Kind::Function(f) => {
                namespaces.insert(f.globals);
            }
            _ => {}
        }
    }
    if let Some(table) = heap.statics.object_subclasses {
        namespaces.insert(table);
        if let Kind::Dict(d) = heap.kind(table) {
            for (k, v) in d.iter() {
                namespaces.insert(k);
                namespaces.insert(v);
            }
        }
    }
    let atomic = |k: &Kind| {
        matches!(
            k,
            Kind::Float(_) | Kind::Int(_) | Kind::Str(_) | Kind::Bytes(_)
        )
    };
    let mut program: Vec<ObjId> = heap
        .live_objects()
        .filter(|id| !interpreter.contains(&id.0) && !namespaces.contains(id))
        .filter(|&id| {
            let o = heap.get(id);
            !o.flags.is_static && interesting(&o.kind) && !atomic(&o.kind)
        })
        .take(GRAPH_LIMIT + 1)
        .collect();
    if program.len() > GRAPH_LIMIT {
        return snap;
    }
    // Values are shown when a container, a name or a local refers to them.
    let mut values: Vec<ObjId> = names.iter().map(|&(_, id)| id).collect();
    values.extend(
        frames
            .iter()
            .flat_map(|f| f.locals.iter().map(|&(_, id)| id)),
    );
    for &id in &program {
        values.extend(heap.refs_of(id));
    }
    let mut seen: HashSet<ObjId> = program.iter().copied().collect();
    for v in values {
        if seen.contains(&v) || !heap.is_live(v) {
            continue;
        }
        let o = heap.get(v);
        if atomic(&o.kind) && program.len() < GRAPH_LIMIT {
            seen.insert(v);
            program.push(v);
        }
    }
    let set = seen;
    // References the graph records to each node: from the nodes (each one, not deduplicated)
    // and from the roots (names, locals, the stacks' owned references).
    let mut recorded: std::collections::HashMap<ObjId, i64> = names
        .iter()
        .map(|&(_, id)| id)
        .chain(frames.iter().flat_map(|f| {
            f.locals
                .iter()
                .map(|&(_, id)| id)
                .chain(f.stack.iter().copied())
        }))
        .filter(|id| set.contains(id))
        .fold(std::collections::HashMap::new(), |mut m, id| {
            *m.entry(id).or_default() += 1;
            m
        });
    let mut labeled = Vec::new();
    for &id in &program {
        labeled_refs(heap, id, &mut labeled);
        for (_, r) in labeled.drain(..) {
            if set.contains(&r) {
                *recorded.entry(r).or_default() += 1;
            }
        }
    }
    let nodes = program
        .iter()
        .map(|&id| {
            let o = heap.get(id);
            let type_name = super::repr::type_name(heap, id);
            let mut refs: Vec<ObjId> = Vec::new();
            let mut labels: Vec<String> = Vec::new();
            labeled_refs(heap, id, &mut labeled);
            for (label, r) in labeled.drain(..) {
                if !set.contains(&r) {
                    continue;
                }
                match refs.iter().position(|&x| x == r) {
                    Some(_) if label.is_empty() => {}
                    Some(i) if labels[i].len() < 24 => {
                        if !labels[i].is_empty() {
                            labels[i].push(' ');
                        }
                        labels[i].push_str(&label);
                    }
                    Some(_) => {}
                    None => {
                        refs.push(r);
                        labels.push(label);
                    }
                }
            }
            Node {
                id,
                ty: o.kind.tag(),
                type_name,
                label: label(heap, id),
                refcnt: o.refcnt,
                generation: o.generation,
                block: o.block,
                size: u64::from(o.request),
                refs,
                labels,
                held_elsewhere: !o.flags.immortal
                    && !o.flags.is_static
                    && o.refcnt > recorded.get(&id).copied().unwrap_or(0),
            }
        })
        .collect();
    let names = names
        .into_iter()
        .filter(|(_, id)| set.contains(id))
        .collect();
    for f in &mut frames {
        f.locals.retain(|(_, id)| set.contains(id));
        f.stack.retain(|id| set.contains(id));
        f.stack.dedup();
    }
    snap.graph = Some(Graph {
        names,
        frames,
        nodes,
    });
    snap
}
