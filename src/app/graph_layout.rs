//! Where the object graph draws each object, and how it folds a large graph into groups.
//!
//! Places are computed once over the whole history of graph snapshots, so nothing moves when
//! the cursor does: an object gets a grid cell when it first appears, next to its first
//! referrer (one column to the right of the object or name that refers to it, on the nearest
//! free row), and keeps it while it lives. A freed object's cell stays empty in the first
//! snapshot without it (the view draws it faded there) before a newcomer may take it. An object slot
//! that is freed and reused is a new object with a new place. Users may drag objects; a dragged
//! place overrides the cell until the layout is reset.
//!
//! Grouping folds strongly connected components (reference cycles) or objects of one type into
//! one node each, which a click expands. No egui here: the view turns cells into pixels.

use std::collections::{HashMap, HashSet};

use crate::python::snapshot::{Graph, StepSnapshot};

/// A grid cell: (column, row). Column 0 is next to the global names.
pub type Cell = (u32, u32);

/// One incarnation of an object slot: the slot and the snapshot where it first appeared.
pub type ObjectKey = (u32, u32);

/// How the graph folds objects together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    /// Nothing while the graph is small; cycles, then types, as it grows.
    #[default]
    Auto,
    /// Every object drawn on its own.
    Off,
    /// Each reference cycle (strongly connected component) is one node.
    Cycles,
    /// All objects of one type are one node.
    Types,
}

impl Grouping {
    /// Every mode, in menu order, with its name.
    pub const ALL: [(Grouping, &'static str); 4] = [
        (Grouping::Auto, "auto"),
        (Grouping::Off, "none"),
        (Grouping::Cycles, "by cycle"),
        (Grouping::Types, "by type"),
    ];
}

/// Objects drawn one by one before [`Grouping::Auto`] starts folding.
pub const AUTO_LIMIT: usize = 40;

/// What the user did to the graph view.
#[derive(Debug, Clone, PartialEq)]
pub enum GraphCommand {
    /// An object (or the group it represents) was dragged to a place (canvas coordinates).
    Move(ObjectKey, [f32; 2]),
    /// Forget every dragged place and every expanded group.
    ResetLayout,
    /// Choose how to group.
    SetGrouping(Grouping),
    /// Expand a folded group, or fold an expanded one.
    ToggleGroup(GroupKey),
}

/// Names a group across steps.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GroupKey {
    /// A cycle, by its member with the smallest place.
    Cycle(ObjectKey),
    /// Every object of a type.
    Type(String),
}

/// Kind of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupKind {
    /// One object, not folded.
    Single,
    /// A strongly connected component of more than one object.
    Cycle,
    /// Objects of one type.
    Type,
}

/// Objects drawn as one node (or, when expanded, members drawn on their own with a frame).
#[derive(Debug, Clone)]
pub struct Group {
    /// Stable name (for expanding and dragging).
    pub key: GroupKey,
    /// What holds the members together.
    pub kind: GroupKind,
    /// Node indices into the graph, the representative (smallest place) first.
    pub members: Vec<usize>,
    /// Drawn member by member.
    pub expanded: bool,
}

/// The graph of one snapshot cut into groups.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    /// The groups; singles included.
    pub groups: Vec<Group>,
    /// Node index → its group.
    pub of_node: Vec<usize>,
}

/// The layout state of one session's graph view.
#[derive(Debug, Clone, Default)]
pub struct GraphLayout {
    /// Per object slot: its incarnations as (born in snapshot, cell), ascending.
    cells: HashMap<u32, Vec<(u32, Cell)>>,
    /// Dragged places (canvas coordinates), by object incarnation.
    moved: HashMap<ObjectKey, [f32; 2]>,
    /// How to group.
    pub grouping: Grouping,
    /// Groups the user expanded.
    expanded: HashSet<GroupKey>,
    /// Columns and rows used over the history.
    extent: Cell,
}

impl GraphLayout {
    /// Places every object of every snapshot's graph.
    pub fn from_history(snapshots: &[StepSnapshot]) -> Self {
        let mut layout = Self::default();
        // Cell → the snapshot since which its object is gone (None while it lives).
        let mut occupied: HashMap<Cell, Option<u32>> = HashMap::new();
        // Slots alive in the previous graph snapshot.
        let mut alive: HashSet<u32> = HashSet::new();
        for (k, snap) in snapshots.iter().enumerate() {
            let Some(graph) = &snap.graph else {
                // Too big to record: keep what we know, the objects' lives continue.
                continue;
            };
            let k = k as u32;
            let now: HashSet<u32> = graph.nodes.iter().map(|n| n.id.0).collect();
            for gone in alive.difference(&now) {
                if let Some(&(_, cell)) = layout.cells.get(gone).and_then(|v| v.last()) {
                    occupied.insert(cell, Some(k));
                }
            }
            let index = graph.index();
            // Newcomers in breadth-first order from the names, so chains run left to right.
            let mut order = graph.reached_from_names(&index);
            let mut seen = vec![false; graph.nodes.len()];
            for &i in &order {
                seen[i] = true;
            }
            order.extend((0..graph.nodes.len()).filter(|&i| !seen[i]));
            // Who refers to whom: first referrer in that order wins.
            let mut referrer: Vec<Option<usize>> = vec![None; graph.nodes.len()];
            for &i in &order {
                for r in &graph.nodes[i].refs {
                    if let Some(&j) = index.get(&r.0) {
                        if j != i && referrer[j].is_none() {
                            referrer[j] = Some(i);
                        }
                    }
                }
            }
            // An object a name, a local or a value stack holds starts the row of its first
            // such root (the frames are drawn in that order on the left).
            let name_row: HashMap<u32, u32> = graph
                .roots()
                .enumerate()
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .map(|(row, (_, id))| (id.0, row as u32))
                .collect();
            let mut placed: HashMap<usize, Cell> = HashMap::new();
            for &i in &order {
                let id = graph.nodes[i].id.0;
                if alive.contains(&id) {
                    if let Some(&(_, cell)) = layout.cells.get(&id).and_then(|v| v.last()) {
                        placed.insert(i, cell);
                        continue;
                    }
                }
                let want = match (name_row.get(&id), referrer[i].and_then(|r| placed.get(&r))) {
                    (Some(&row), _) => (0, row),
                    (None, Some(&(col, row))) => (col + 1, row),
                    (None, None) => (0, 0),
                };
                let cell = nearest_free(&occupied, want, k);
                occupied.insert(cell, None);
                layout.cells.entry(id).or_default().push((k, cell));
                layout.extent = (
                    layout.extent.0.max(cell.0 + 1),
                    layout.extent.1.max(cell.1 + 1),
                );
                placed.insert(i, cell);
            }
            alive = now;
        }
        layout
    }

    /// Places the history again (after statements were added), keeping what the user did:
    /// dragged places, expanded groups and the grouping mode.
    pub fn replace_history(&mut self, snapshots: &[StepSnapshot]) {
        let fresh = Self::from_history(snapshots);
        self.cells = fresh.cells;
        self.extent = fresh.extent;
    }

    /// The incarnation of `slot` shown in snapshot `snap` (its key), if it has a place.
    pub fn key(&self, slot: u32, snap: usize) -> Option<ObjectKey> {
        let v = self.cells.get(&slot)?;
        let i = v.partition_point(|&(born, _)| born as usize <= snap);
        v.get(i.checked_sub(1)?).map(|&(born, _)| (slot, born))
    }

    /// The grid cell of `slot` as shown in snapshot `snap`.
    pub fn cell(&self, slot: u32, snap: usize) -> Option<Cell> {
        let (_, born) = self.key(slot, snap)?;
        self.cells[&slot]
            .iter()
            .find(|&&(b, _)| b == born)
            .map(|&(_, c)| c)
    }

    /// A dragged place, if the user moved this object.
    pub fn moved(&self, key: ObjectKey) -> Option<[f32; 2]> {
        self.moved.get(&key).copied()
    }

    /// Columns and rows the layout uses over the whole history.
    pub fn extent(&self) -> Cell {
        self.extent
    }

    /// Objects placed over the history (incarnations).
    pub fn len(&self) -> usize {
        self.cells.values().map(Vec::len).sum()
    }

    /// Whether no object was ever placed.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Whether a group is expanded.
    pub fn is_expanded(&self, key: &GroupKey) -> bool {
        self.expanded.contains(key)
    }

    /// Applies what the user did.
    pub fn apply(&mut self, cmd: GraphCommand) {
        match cmd {
            GraphCommand::Move(key, pos) => {
                if pos.iter().all(|v| v.is_finite()) {
                    self.moved.insert(key, [pos[0].max(0.0), pos[1].max(0.0)]);
                }
            }
            GraphCommand::ResetLayout => {
                self.moved.clear();
                self.expanded.clear();
            }
            GraphCommand::SetGrouping(g) => self.grouping = g,
            GraphCommand::ToggleGroup(key) => {
                if !self.expanded.remove(&key) {
                    self.expanded.insert(key);
                }
            }
        }
    }

    /// Cuts snapshot `snap`'s graph into the groups the current mode asks for.
    pub fn groups(&self, graph: &Graph, snap: usize) -> Groups {
        let mode = match self.grouping {
            Grouping::Auto if graph.nodes.len() <= AUTO_LIMIT => Grouping::Off,
            Grouping::Auto => {
                let cycles = self.group_by(graph, snap, Grouping::Cycles);
                if visible(&cycles) <= AUTO_LIMIT {
                    return cycles;
                }
                Grouping::Types
            }
            g => g,
        };
        self.group_by(graph, snap, mode)
    }

    fn group_by(&self, graph: &Graph, snap: usize, mode: Grouping) -> Groups {
        let n = graph.nodes.len();
        let order_key = |i: usize| {
            let id = graph.nodes[i].id.0;
            (self.cell(id, snap), id)
        };
        let sets: Vec<(GroupKind, Vec<usize>)> = match mode {
            Grouping::Cycles => strongly_connected(graph)
                .into_iter()
                .map(|c| {
                    let kind = if c.len() > 1 {
                        GroupKind::Cycle
                    } else {
                        GroupKind::Single
                    };
                    (kind, c)
                })
                .collect(),
            Grouping::Types => {
                let mut by_type: Vec<(String, Vec<usize>)> = Vec::new();
                for (i, node) in graph.nodes.iter().enumerate() {
                    match by_type.iter_mut().find(|(t, _)| *t == node.type_name) {
                        Some((_, v)) => v.push(i),
                        None => by_type.push((node.type_name.clone(), vec![i])),
                    }
                }
                by_type
                    .into_iter()
                    .map(|(_, v)| {
                        let kind = if v.len() > 1 {
                            GroupKind::Type
                        } else {
                            GroupKind::Single
                        };
                        (kind, v)
                    })
                    .collect()
            }
            Grouping::Off | Grouping::Auto => {
                (0..n).map(|i| (GroupKind::Single, vec![i])).collect()
            }
        };
        let mut out = Groups {
            groups: Vec::with_capacity(sets.len()),
            of_node: vec![0; n],
        };
        for (kind, mut members) in sets {
            members.sort_by_key(|&i| order_key(i));
            let rep = members[0];
            let key = match kind {
                GroupKind::Type => GroupKey::Type(graph.nodes[rep].type_name.clone()),
                _ => {
                    let id = graph.nodes[rep].id.0;
                    GroupKey::Cycle(self.key(id, snap).unwrap_or((id, 0)))
                }
            };
            let expanded = kind == GroupKind::Single || self.expanded.contains(&key);
            for &m in &members {
                out.of_node[m] = out.groups.len();
            }
            out.groups.push(Group {
                key,
                kind,
                members,
                expanded,
            });
        }
        out
    }
}

/// Nodes drawn: one per folded group plus every member of an expanded one.
pub fn visible(groups: &Groups) -> usize {
    groups
        .groups
        .iter()
        .map(|g| if g.expanded { g.members.len() } else { 1 })
        .sum()
}

/// The free cell nearest `want` in its column (rows below first, then above); a cell is free
/// when never used or its object was already gone in the previous snapshot (so its ghost,
/// drawn in the first snapshot without it, is not drawn any more).
fn nearest_free(occupied: &HashMap<Cell, Option<u32>>, want: Cell, now: u32) -> Cell {
    let free = |c: &Cell| match occupied.get(c) {
        None => true,
        Some(None) => false,
        Some(&Some(gone)) => gone < now,
    };
    let (col, row) = want;
    for d in 0.. {
        let below = (col, row + d);
        if free(&below) {
            return below;
        }
        if d > 0 && d <= row && free(&(col, row - d)) {
            return (col, row - d);
        }
    }
    unreachable!("rows are unbounded")
}

/// Strongly connected components of a snapshot's graph (Tarjan's algorithm, iterative), each
/// as node indices; components come out in reverse topological order.
pub fn strongly_connected(graph: &Graph) -> Vec<Vec<usize>> {
    let n = graph.nodes.len();
    let index_of = graph.index();
    let succ: Vec<Vec<usize>> = graph
        .nodes
        .iter()
        .map(|node| {
            node.refs
                .iter()
                .filter_map(|r| index_of.get(&r.0).copied())
                .collect()
        })
        .collect();
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, next successor to look at)
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut k)) = call.last_mut() {
            if let Some(&w) = succ[v].get(*k) {
                *k += 1;
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(comp);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::event::TypeTag;
    use crate::engine::ids::ObjId;
    use crate::python::snapshot::Node;

    fn node(id: u32, ty: &str, refs: &[u32]) -> Node {
        Node {
            id: ObjId(id),
            ty: TypeTag(0),
            type_name: ty.into(),
            label: String::new(),
            refcnt: 1,
            generation: 0,
            block: 0,
            size: 0,
            refs: refs.iter().map(|&r| ObjId(r)).collect(),
            labels: refs.iter().map(|_| String::new()).collect(),
            held_elsewhere: false,
        }
    }

    fn snap(names: &[(&str, u32)], nodes: Vec<Node>) -> StepSnapshot {
        StepSnapshot {
            graph: Some(Graph {
                names: names
                    .iter()
                    .map(|&(n, id)| (n.to_string(), ObjId(id)))
                    .collect(),
                frames: vec![],
                nodes,
            }),
            ..Default::default()
        }
    }

    #[test]
    fn objects_appear_right_of_their_first_referrer() {
        // a -> 1 -> 2 -> 3, b -> 4; then 5 appears referred to by 2.
        let s0 = snap(
            &[("a", 1), ("b", 4)],
            vec![
                node(3, "list", &[]),
                node(2, "list", &[3]),
                node(1, "list", &[2]),
                node(4, "dict", &[]),
            ],
        );
        let s1 = snap(
            &[("a", 1), ("b", 4)],
            vec![
                node(3, "list", &[]),
                node(2, "list", &[3, 5]),
                node(1, "list", &[2]),
                node(4, "dict", &[]),
                node(5, "float", &[]),
            ],
        );
        let l = GraphLayout::from_history(&[s0, s1]);
        assert_eq!(l.cell(1, 0), Some((0, 0)), "named by the first name");
        assert_eq!(l.cell(4, 0), Some((0, 1)), "named by the second name");
        assert_eq!(l.cell(2, 0), Some((1, 0)));
        assert_eq!(l.cell(3, 0), Some((2, 0)));
        // 5 wants column 2 next to 2's row 0, taken by 3: the nearest free row is 1.
        assert_eq!(l.cell(5, 1), Some((2, 1)));
        // Old objects did not move.
        assert_eq!(l.cell(3, 1), Some((2, 0)));
        assert_eq!(l.extent(), (3, 2));
    }

    #[test]
    fn a_freed_place_is_reused_only_after_its_ghost_and_a_reused_slot_is_a_new_object() {
        let s0 = snap(
            &[("a", 1)],
            vec![node(1, "list", &[2]), node(2, "int", &[])],
        );
        // 2 is freed and 7 is new in the same statement: 2's ghost keeps (1, 0).
        let s1 = snap(
            &[("a", 1)],
            vec![node(1, "list", &[7]), node(7, "int", &[])],
        );
        let s2 = snap(&[("a", 1)], vec![node(1, "list", &[])]);
        // Slot 2 back, as a tuple referred to by the list: the ghost is gone, the cell free.
        let s3 = snap(
            &[("a", 1)],
            vec![node(1, "list", &[2]), node(2, "tuple", &[])],
        );
        let l = GraphLayout::from_history(&[s0, s1, s2, s3]);
        assert_eq!(l.cell(2, 0), Some((1, 0)));
        assert_eq!(l.cell(7, 1), Some((1, 1)), "not on the ghost of 2");
        assert_eq!(l.cell(2, 3), Some((1, 0)), "freed in 1, free again in 3");
        assert_eq!(l.key(2, 3), Some((2, 3)), "a new incarnation");
        assert_ne!(l.key(2, 0), l.key(2, 3));
        // Slot 2 in snapshot 1 (when it was gone) answers with its last incarnation.
        assert_eq!(l.key(2, 1), Some((2, 0)));
        assert_eq!(
            l.len(),
            4,
            "two incarnations of slot 2, the int 7 and the list"
        );
    }

    #[test]
    fn dragging_overrides_and_reset_forgets() {
        let mut l = GraphLayout::from_history(&[snap(&[("a", 1)], vec![node(1, "list", &[])])]);
        let key = l.key(1, 0).unwrap();
        assert_eq!(l.moved(key), None);
        l.apply(GraphCommand::Move(key, [120.0, -5.0]));
        assert_eq!(l.moved(key), Some([120.0, 0.0]), "kept on the canvas");
        l.apply(GraphCommand::Move(key, [f32::NAN, 1.0]));
        assert_eq!(
            l.moved(key),
            Some([120.0, 0.0]),
            "a bad position is ignored"
        );
        l.apply(GraphCommand::ResetLayout);
        assert_eq!(l.moved(key), None);
    }

    /// Brute force: i and j share a component iff each reaches the other.
    fn reaches(graph: &Graph) -> Vec<Vec<bool>> {
        let n = graph.nodes.len();
        let idx = graph.index();
        let mut r = vec![vec![false; n]; n];
        for (i, row) in r.iter_mut().enumerate() {
            let mut q = vec![i];
            while let Some(v) = q.pop() {
                if std::mem::replace(&mut row[v], true) {
                    continue;
                }
                for x in &graph.nodes[v].refs {
                    if let Some(&w) = idx.get(&x.0) {
                        q.push(w);
                    }
                }
            }
        }
        r
    }

    proptest::proptest! {
        #[test]
        fn components_are_exactly_the_mutually_reachable_sets(
            edges in proptest::collection::vec((0u32..12, 0u32..12), 0..40)
        ) {
            let nodes = (0..12)
                .map(|i| {
                    let refs: Vec<u32> = edges.iter().filter(|e| e.0 == i).map(|e| e.1).collect();
                    node(i, "x", &refs)
                })
                .collect();
            let graph = Graph {
                names: vec![],
                frames: vec![],
                nodes,
            };
            let comps = strongly_connected(&graph);
            let r = reaches(&graph);
            let mut comp_of = [usize::MAX; 12];
            for (c, members) in comps.iter().enumerate() {
                for &m in members {
                    proptest::prop_assert_eq!(comp_of[m], usize::MAX, "in two components");
                    comp_of[m] = c;
                }
            }
            for i in 0..12 {
                for j in 0..12 {
                    let same = comp_of[i] == comp_of[j];
                    proptest::prop_assert_eq!(same, r[i][j] && r[j][i], "{} {}", i, j);
                }
            }
        }
    }

    #[test]
    fn cycles_fold_into_one_group_each_and_expand_on_request() {
        // Two 2-cycles, a self loop and a plain object.
        let s = snap(
            &[("a", 1)],
            vec![
                node(1, "Node", &[2]),
                node(2, "Node", &[1]),
                node(3, "dict", &[4]),
                node(4, "Node", &[3]),
                node(5, "list", &[5]),
                node(6, "int", &[]),
            ],
        );
        let mut l = GraphLayout::from_history(std::slice::from_ref(&s));
        let graph = s.graph.as_ref().unwrap();
        assert_eq!(
            visible(&l.groups(graph, 0)),
            6,
            "auto: small graphs unfolded"
        );
        l.apply(GraphCommand::SetGrouping(Grouping::Cycles));
        let g = l.groups(graph, 0);
        let cycles: Vec<&Group> = g
            .groups
            .iter()
            .filter(|g| g.kind == GroupKind::Cycle)
            .collect();
        assert_eq!(cycles.len(), 2);
        assert_eq!(visible(&g), 4);
        assert_eq!(g.of_node[0], g.of_node[1]);
        assert_ne!(g.of_node[0], g.of_node[2]);
        let key = cycles[0].key.clone();
        l.apply(GraphCommand::ToggleGroup(key.clone()));
        assert!(l.is_expanded(&key));
        assert_eq!(visible(&l.groups(graph, 0)), 5);
        l.apply(GraphCommand::ToggleGroup(key));
        assert_eq!(visible(&l.groups(graph, 0)), 4);
        l.apply(GraphCommand::SetGrouping(Grouping::Types));
        let g = l.groups(graph, 0);
        assert_eq!(visible(&g), 4, "Node x3, dict, list, int");
        let nodes = g
            .groups
            .iter()
            .find(|g| g.key == GroupKey::Type("Node".into()))
            .unwrap();
        assert_eq!(nodes.members.len(), 3);
        assert_eq!(nodes.members[0], 0, "representative: the first placed");
    }

    #[test]
    fn auto_folds_many_cycles_then_types() {
        // 30 two-object cycles: 60 objects fold into 30 cycle nodes.
        let mut nodes = Vec::new();
        for k in 0..30 {
            nodes.push(node(2 * k, "A", &[2 * k + 1]));
            nodes.push(node(2 * k + 1, "B", &[2 * k]));
        }
        let s = snap(&[], nodes);
        let l = GraphLayout::from_history(std::slice::from_ref(&s));
        let g = l.groups(s.graph.as_ref().unwrap(), 0);
        assert_eq!(visible(&g), 30);
        assert!(g.groups.iter().all(|g| g.kind == GroupKind::Cycle));
        // 100 unrelated lists: cycles do not help, types do.
        let s = snap(&[], (0..100).map(|i| node(i, "list", &[])).collect());
        let l = GraphLayout::from_history(std::slice::from_ref(&s));
        let g = l.groups(s.graph.as_ref().unwrap(), 0);
        assert_eq!(visible(&g), 1);
        assert_eq!(g.groups[0].kind, GroupKind::Type);
    }
}
