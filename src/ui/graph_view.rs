//! The object graph: the program's objects as nodes (type, value, refcount badge, generation
//! colour, solid border when tracked), references as arrows, global names on the left like a
//! frame diagram. Objects no name can reach are outlined as garbage: that is what a cycle left
//! behind looks like. Places come from [`graph_layout::GraphLayout`]: stable over time, new objects next to
//! their first referrer, freed ones faded in place for a statement. Nodes can be dragged; a
//! large graph folds cycles (strongly connected components) or types into group nodes that a
//! click expands.

use std::collections::{HashMap, HashSet};

use egui::{Color32, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2};

use super::theme;
use crate::app::graph_layout::{self, GraphCommand, GroupKind, Grouping};
use crate::app::{Command, Selection, Session};
use crate::python::snapshot::{Graph, Node};

const NODE_W: f32 = 150.0;
const NODE_H: f32 = 46.0;
const COL_W: f32 = NODE_W + 40.0;
const ROW_H: f32 = NODE_H + 18.0;
const NAMES_W: f32 = 200.0;
const TOP: f32 = 10.0;
/// The frame boxes on the left: width, title and row heights, gap between two.
const FRAME_W: f32 = 150.0;
const FRAME_HEADER: f32 = 20.0;
const FRAME_ROW: f32 = 22.0;
const FRAME_GAP: f32 = 10.0;

/// Canvas position of a grid cell's top-left corner.
fn cell_pos((col, row): graph_layout::Cell) -> Vec2 {
    Vec2::new(NAMES_W + col as f32 * COL_W, TOP + row as f32 * ROW_H)
}

/// What a box on the canvas stands for.
#[derive(Clone, Copy)]
enum Item {
    /// One object (node index).
    Node(usize),
    /// A folded group (group index).
    Group(usize),
}

/// Draws the object graph at the cursor; `compare` says it is the split view's second preset.
pub fn graph_ui(
    s: &Session,
    compare: bool,
    selection: Selection,
    presenter: bool,
    speed: f32,
    ui: &mut egui::Ui,
    cmds: &mut Vec<Command>,
) {
    let (Some(snap), Some(k)) = (s.snapshot(), s.snapshot_index()) else {
        ui.label("No snapshot at this step.");
        return;
    };
    let Some(graph) = &snap.graph else {
        aggregate_ui(s, ui);
        return;
    };
    let layout = &s.layout;
    let send = |cmds: &mut Vec<Command>, cmd| cmds.push(Command::Graph { compare, cmd });
    ui.horizontal(|ui| {
        ui.label("Group:");
        for (g, name) in Grouping::ALL {
            if ui.selectable_label(layout.grouping == g, name).clicked() {
                send(cmds, GraphCommand::SetGrouping(g));
            }
        }
        if ui
            .button("Reset layout")
            .on_hover_text("Put dragged objects back and fold every group")
            .clicked()
        {
            send(cmds, GraphCommand::ResetLayout);
        }
    });
    let index = graph.index();
    // Each node's own index, to lend a box its one-member slice.
    let node_index: Vec<usize> = (0..graph.nodes.len()).collect();
    let alive = graph.alive(&index);
    let gc_refs = s.gc_refs_at_cursor();
    let view = s.timeline.view();
    // List 4 is the collector's unreachable list.
    let in_unreachable = |n: &Node| {
        gc_refs.is_some()
            && view
                .objects
                .get(&n.id.0)
                .is_some_and(|o| o.generation >= 4 && o.generation != 255)
    };
    if gc_refs.is_some() {
        ui.label("A collection is running: badges show gc_refs (references from outside the examined objects); dashed red: in the tentatively unreachable set.");
    } else {
        ui.label("Arrows are references. A solid border means tracked by the GC (its colour: generation). Orange outline: unreachable garbage. Drag objects to move them.");
    }
    let groups = layout.groups(graph, k);
    // The spotlight: the objects the chapter's narration names (its `highlight`), found among
    // the global names and the running frames' locals.
    let highlight = s.view_hints().highlight;
    let spot: HashSet<u32> = graph
        .roots()
        .filter(|(name, _)| name.is_some_and(|n| highlight.iter().any(|h| h == n)))
        .map(|(_, id)| id.0)
        .collect();
    // Objects of the previous statement that are gone now: drawn faded where they were.
    let current: HashSet<u32> = graph.nodes.iter().map(|n| n.id.0).collect();
    let ghosts: Vec<(Vec2, String)> = match (s.previous_snapshot(), k.checked_sub(1)) {
        (Some(prev), Some(pk)) => prev
            .graph
            .iter()
            .flat_map(|g| &g.nodes)
            .filter(|n| !current.contains(&n.id.0))
            .filter_map(|n| {
                let key = layout.key(n.id.0, pk)?;
                let pos = match layout.moved(key) {
                    Some(p) => Vec2::new(p[0], p[1]),
                    None => cell_pos(layout.cell(n.id.0, pk)?),
                };
                Some((pos, format!("{} #{} freed", n.type_name, n.id.0)))
            })
            .collect(),
        _ => Vec::new(),
    };
    if graph.nodes.is_empty() {
        ui.label(if s.stop_index() == 0 {
            "The program has not run yet: press Space to run its first statement."
        } else {
            "No objects of the program are alive at this step."
        });
        if ghosts.is_empty() {
            return;
        }
    }
    // A step forward is a transition: what is new slides in beside its referrer and fades
    // in, what was freed fades out, a changed refcount pulses (see `motion`).
    let t = super::motion::ease(super::motion::progress(
        ui,
        ("graph", compare),
        s.stop_index(),
        speed,
    ));
    let before: HashMap<u32, i64> = s
        .previous_snapshot()
        .and_then(|p| p.graph.as_ref())
        .map(|g| g.nodes.iter().map(|n| (n.id.0, n.refcnt)).collect())
        .unwrap_or_default();
    let is_new =
        |i: usize| t < 1.0 && !before.is_empty() && !before.contains_key(&graph.nodes[i].id.0);
    let pulses = |n: &Node| t < 1.0 && before.get(&n.id.0).is_some_and(|&rc| rc != n.refcnt);
    // Where each object is: dragged, else its cell, else (never placed) after everything.
    let extent = layout.extent();
    let node_pos = |i: usize| -> Vec2 {
        let id = graph.nodes[i].id.0;
        let slide = if is_new(i) {
            Vec2::new(-40.0 * (1.0 - t), 0.0)
        } else {
            Vec2::ZERO
        };
        slide
            + match layout.key(id, k) {
                Some(key) => match layout.moved(key) {
                    Some(p) => Vec2::new(p[0], p[1]),
                    None => cell_pos(layout.cell(id, k).unwrap_or((0, 0))),
                },
                None => cell_pos((extent.0, i as u32)),
            }
    };
    // The boxes to draw: folded groups as one, everything else object by object.
    let mut items: Vec<(Vec2, Item)> = Vec::new();
    let mut box_of_node = vec![0usize; graph.nodes.len()];
    for (gi, g) in groups.groups.iter().enumerate() {
        if g.expanded {
            for &m in &g.members {
                box_of_node[m] = items.len();
                items.push((node_pos(m), Item::Node(m)));
            }
        } else {
            for &m in &g.members {
                box_of_node[m] = items.len();
            }
            items.push((node_pos(g.members[0]), Item::Group(gi)));
        }
    }
    let far = items
        .iter()
        .map(|(p, _)| *p)
        .chain(ghosts.iter().map(|(p, _)| *p))
        .fold(Vec2::ZERO, |a, p| a.max(p));
    // The frame column's height: a title and a row per name, local or stack reference each.
    let frame_rows = graph.names.len()
        + graph
            .frames
            .iter()
            .map(|f| f.locals.len() + f.stack.len())
            .sum::<usize>();
    let frames_h = TOP
        + graph.frames.len().max(1) as f32 * (FRAME_HEADER + 6.0 + FRAME_GAP)
        + frame_rows as f32 * FRAME_ROW;
    egui::ScrollArea::both()
        .id_salt("graph_scroll")
        .show(ui, |ui| {
            let size = Vec2::new(
                (far.x + COL_W).max(cell_pos(extent).x) + 20.0,
                ((far.y + ROW_H).max(cell_pos(extent).y) + 20.0).max(frames_h),
            );
            let (rect, _) = ui.allocate_exact_size(size.max(ui.available_size()), Sense::hover());
            let painter = ui.painter_at(rect);
            let visuals = ui.visuals().clone();
            let weak = visuals.weak_text_color();
            let at = |p: Vec2| Rect::from_min_size(rect.min + p, Vec2::new(NODE_W, NODE_H));
            let arrow = |from: Pos2, to: Pos2, color: Color32| {
                painter.line_segment([from, to], Stroke::new(1.5, color));
                let dir = (to - from).normalized();
                let left = to - dir * 8.0 + Vec2::new(-dir.y, dir.x) * 4.0;
                let right = to - dir * 8.0 - Vec2::new(-dir.y, dir.x) * 4.0;
                painter.line_segment([to, left], Stroke::new(1.5, color));
                painter.line_segment([to, right], Stroke::new(1.5, color));
            };
            // Frames behind expanded groups, with a header that folds them again.
            for g in &groups.groups {
                if !g.expanded || g.kind == GroupKind::Single {
                    continue;
                }
                let frame = g
                    .members
                    .iter()
                    .map(|&m| at(node_pos(m)))
                    .reduce(|a, b| a.union(b))
                    .unwrap_or(Rect::NOTHING)
                    .expand(8.0);
                let header = Rect::from_min_size(
                    frame.left_top() - Vec2::new(0.0, 16.0),
                    Vec2::new(frame.width(), 16.0),
                );
                painter.rect_filled(frame, 6.0, weak.gamma_multiply(0.12));
                let title = format!("{} (click to fold)", group_title(graph, g));
                painter.text(
                    header.left_center() + Vec2::new(4.0, 0.0),
                    egui::Align2::LEFT_CENTER,
                    &title,
                    egui::FontId::proportional(11.0),
                    weak,
                );
                let r = ui
                    .interact(header, ui.scope_id().with(("fold", &g.key)), Sense::click())
                    .on_hover_cursor(egui::CursorIcon::PointingHand);
                r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &title));
                if r.clicked() {
                    send(cmds, GraphCommand::ToggleGroup(g.key.clone()));
                }
            }
            // Frames, left, as Python Tutor draws them: the global frame, then one box per
            // running call with its locals, innermost last; each name's arrow leaves its row.
            let mut y = TOP;
            let text_color = visuals.text_color();
            let innermost = graph.frames.len().saturating_sub(1);
            let module_stack: &[crate::engine::ids::ObjId] =
                graph.frames.first().map_or(&[], |f| f.stack.as_slice());
            let boxes = std::iter::once((
                "Global frame".to_string(),
                graph
                    .names
                    .iter()
                    .map(|(n, id)| (n.as_str(), *id))
                    .chain(module_stack.iter().map(|&id| ("(stack)", id)))
                    .collect::<Vec<_>>(),
                innermost == 0,
            ))
            .chain(graph.frames.iter().enumerate().skip(1).map(|(i, f)| {
                (
                    format!("{}  line {}", f.name, f.line),
                    f.locals
                        .iter()
                        .map(|(n, id)| (n.as_str(), *id))
                        .chain(f.stack.iter().map(|&id| ("(stack)", id)))
                        .collect(),
                    i == innermost,
                )
            }));
            for (title, rows, current) in boxes {
                let h = FRAME_HEADER + rows.len() as f32 * FRAME_ROW + 6.0;
                let frame =
                    Rect::from_min_size(rect.min + Vec2::new(4.0, y), Vec2::new(FRAME_W, h));
                let stroke = if current {
                    Stroke::new(2.0, theme::SELECTED)
                } else {
                    Stroke::new(1.0, weak)
                };
                painter.rect_filled(frame, 4.0, visuals.extreme_bg_color);
                painter.rect_stroke(frame, 4.0, stroke, StrokeKind::Inside);
                painter.text(
                    frame.left_top() + Vec2::new(6.0, FRAME_HEADER / 2.0 + 2.0),
                    egui::Align2::LEFT_CENTER,
                    &title,
                    egui::FontId::proportional(12.0),
                    weak,
                );
                for (j, (name, id)) in rows.iter().enumerate() {
                    let mid = frame.top() + FRAME_HEADER + (j as f32 + 0.5) * FRAME_ROW;
                    let stack = *name == "(stack)";
                    let spotlit = !stack && highlight.iter().any(|h| h == name);
                    if spotlit {
                        // A marker beside a name the narration speaks of.
                        let bar = Rect::from_min_size(
                            Pos2::new(frame.left() + 2.0, mid - FRAME_ROW / 2.0 + 3.0),
                            Vec2::new(3.0, FRAME_ROW - 6.0),
                        );
                        painter.rect_filled(bar, 1.0, theme::SELECTED);
                    }
                    painter.text(
                        Pos2::new(frame.left() + 8.0, mid),
                        egui::Align2::LEFT_CENTER,
                        name,
                        if stack {
                            egui::FontId::proportional(11.0)
                        } else {
                            egui::FontId::monospace(13.0)
                        },
                        if stack {
                            weak
                        } else if spotlit {
                            theme::spotlight_text(visuals.dark_mode)
                        } else {
                            text_color
                        },
                    );
                    let dot = Pos2::new(frame.right() - 10.0, mid);
                    painter.circle_filled(dot, 3.0, weak);
                    if let Some(&i) = index.get(&id.0) {
                        let target = at(items[box_of_node[i]].0);
                        arrow(dot, border_point(target, dot), weak);
                    }
                }
                // What a screen reader says of the box (and what tests find it by).
                let said = format!(
                    "{title}: {}",
                    rows.iter()
                        .filter(|(n, _)| *n != "(stack)")
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                ui.interact(
                    frame,
                    ui.scope_id().with(("frame", y as i32)),
                    Sense::hover(),
                )
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Group, true, &said));
                y += h + FRAME_GAP;
            }
            // Edges between boxes (references inside a folded group are not drawn).
            // Each edge: how many references it stands for and what they are (`.next`, `[0]`).
            let mut edges: HashMap<(usize, usize), (u32, String)> = HashMap::new();
            for (i, n) in graph.nodes.iter().enumerate() {
                for (r, label) in n.refs.iter().zip(&n.labels) {
                    if let Some(&j) = index.get(&r.0) {
                        let (a, b) = (box_of_node[i], box_of_node[j]);
                        if a != b || i == j {
                            let e = edges.entry((a, b)).or_default();
                            e.0 += 1;
                            if !label.is_empty() && e.1.len() < 24 {
                                if !e.1.is_empty() {
                                    e.1.push(' ');
                                }
                                e.1.push_str(label);
                            }
                        }
                    }
                }
            }
            let edge_label = |at: Pos2, text: &str| {
                let galley = painter.layout_no_wrap(
                    text.to_string(),
                    egui::FontId::monospace(11.0),
                    visuals.text_color(),
                );
                let r = Rect::from_center_size(at, galley.size() + Vec2::new(4.0, 0.0));
                painter.rect_filled(r, 2.0, visuals.extreme_bg_color.gamma_multiply(0.9));
                painter.galley(r.min + Vec2::new(2.0, 0.0), galley, visuals.text_color());
            };
            let both_ways: HashSet<(usize, usize)> = edges
                .keys()
                .filter(|&&(a, b)| a != b && edges.contains_key(&(b, a)))
                .copied()
                .collect();
            let mut edges: Vec<_> = edges.into_iter().collect();
            edges.sort_unstable();
            for ((a, b), (count, label)) in edges {
                let (ra, rb) = (at(items[a].0), at(items[b].0));
                if a == b {
                    painter.circle_stroke(ra.right_top(), 10.0, Stroke::new(1.5, weak));
                    if !label.is_empty() {
                        edge_label(ra.right_top() + Vec2::new(0.0, -16.0), &label);
                    }
                    continue;
                }
                // Far apart in one column: an arc out to the right, wider the farther it goes,
                // so references fanning down a column do not lie on one another.
                let dy = rb.center().y - ra.center().y;
                if (rb.center().x - ra.center().x).abs() < NODE_W / 2.0 && dy.abs() > ROW_H * 1.5 {
                    let bulge = Vec2::new(30.0 + 0.12 * dy.abs(), 0.0);
                    let (from, to) = (ra.right_center(), rb.right_center() + Vec2::new(0.0, 4.0));
                    painter.add(egui::epaint::CubicBezierShape::from_points_stroke(
                        [from, from + bulge, to + bulge, to],
                        false,
                        Color32::TRANSPARENT,
                        Stroke::new(1.5, weak),
                    ));
                    arrow(to + Vec2::new(12.0, 0.0), to, weak);
                    if !label.is_empty() {
                        edge_label(from + Vec2::new(18.0, 0.0), &label);
                    }
                    continue;
                }
                // A pair of references both ways: two parallel arrows, not one on the other.
                let shift = if both_ways.contains(&(a, b)) {
                    let d = (rb.center() - ra.center()).normalized();
                    Vec2::new(-d.y, d.x) * 6.0
                } else {
                    Vec2::ZERO
                };
                let (from, to) = (
                    border_point(ra, rb.center()) + shift,
                    border_point(rb, ra.center()) + shift,
                );
                arrow(from, to, weak);
                // The name sits near the referrer, where the reference starts.
                if !label.is_empty() {
                    edge_label(from + (to - from) * 0.3, &label);
                } else if count > 1 {
                    edge_label(from + (to - from) * 0.3, &format!("{count} refs"));
                }
            }
            // Freed since the previous statement: faded, in place.
            for (pos, text) in &ghosts {
                let r = at(*pos);
                let faded = weak.gamma_multiply(0.5 + 0.5 * (1.0 - t));
                painter.rect_stroke(r, 4.0, Stroke::new(1.0, faded), StrokeKind::Inside);
                painter.text(
                    r.center(),
                    egui::Align2::CENTER_CENTER,
                    text,
                    egui::FontId::proportional(11.0),
                    faded,
                );
            }
            // Boxes: drawn, clickable, draggable.
            for &(pos, item) in &items {
                let r = at(pos);
                let spotlit = match item {
                    Item::Node(i) => spot.contains(&graph.nodes[i].id.0),
                    Item::Group(gi) => groups.groups[gi]
                        .members
                        .iter()
                        .any(|&m| spot.contains(&graph.nodes[m].id.0)),
                };
                if spotlit {
                    painter.rect_filled(r.expand(7.0), 9.0, theme::SELECTED.gamma_multiply(0.35));
                }
                let (members, label): (&[usize], String) = match item {
                    Item::Node(i) => {
                        let n = &graph.nodes[i];
                        draw_node(&painter, &visuals, r, n, gc_refs.as_ref());
                        if is_new(i) {
                            painter.rect_filled(
                                r.expand(1.0),
                                4.0,
                                visuals.panel_fill.gamma_multiply(1.0 - t),
                            );
                        }
                        if pulses(n) {
                            let at = r.right_top() + Vec2::new(-24.0, 10.0);
                            painter.circle_stroke(
                                at,
                                10.0 + 14.0 * t,
                                Stroke::new(2.5, theme::SELECTED.gamma_multiply(1.0 - t)),
                            );
                        }
                        (
                            std::slice::from_ref(&node_index[i]),
                            format!("{} #{}", n.type_name, n.id.0),
                        )
                    }
                    Item::Group(gi) => {
                        let g = &groups.groups[gi];
                        draw_group(&painter, &visuals, r, graph, g);
                        (&g.members, group_title(graph, g))
                    }
                };
                // Garbage: tracked, and neither a root nor anything undrawn keeps it alive.
                let tracked = |i: &usize| graph.nodes[*i].generation != 255;
                if members.iter().all(|&i| !alive[i] && tracked(&i)) {
                    painter.rect_stroke(
                        r.expand(3.0),
                        6.0,
                        Stroke::new(2.0, theme::GARBAGE),
                        StrokeKind::Outside,
                    );
                }
                if members.iter().all(|&i| in_unreachable(&graph.nodes[i])) {
                    dashed_rect(&painter, r.expand(5.0));
                }
                if members
                    .iter()
                    .any(|&i| selection == Selection::Object(graph.nodes[i].id.0))
                {
                    painter.rect_stroke(
                        r.expand(6.0),
                        6.0,
                        Stroke::new(2.5, theme::SELECTED),
                        StrokeKind::Outside,
                    );
                }
                // In presenter mode the spotlight dims everything else.
                if presenter && !spot.is_empty() && !spotlit {
                    painter.rect_filled(r.expand(1.0), 4.0, visuals.panel_fill.gamma_multiply(0.6));
                }
                // Interaction: click selects (or expands a group), drag moves.
                let rep = members[0];
                let key = layout.key(graph.nodes[rep].id.0, k);
                let resp = ui
                    .interact(
                        r,
                        ui.scope_id().with(("node", graph.nodes[rep].id.0)),
                        Sense::click_and_drag(),
                    )
                    .on_hover_cursor(egui::CursorIcon::Grab);
                let label = if spotlit {
                    format!("{label} (in the spotlight)")
                } else {
                    label
                };
                resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                if resp.clicked() {
                    match item {
                        Item::Node(i) => {
                            cmds.push(Command::Select(Selection::Object(graph.nodes[i].id.0)))
                        }
                        Item::Group(gi) => send(
                            cmds,
                            GraphCommand::ToggleGroup(groups.groups[gi].key.clone()),
                        ),
                    }
                }
                if resp.dragged() {
                    if let Some(key) = key {
                        let to = pos + resp.drag_delta();
                        send(cmds, GraphCommand::Move(key, [to.x, to.y]));
                    }
                }
            }
        });
}

/// Where the line from `r`'s centre towards `toward` leaves `r`.
fn border_point(r: Rect, toward: Pos2) -> Pos2 {
    let c = r.center();
    let d = toward - c;
    if d.length_sq() < 1e-6 {
        return c;
    }
    let sx = if d.x.abs() > 1e-6 {
        (r.width() / 2.0) / d.x.abs()
    } else {
        f32::INFINITY
    };
    let sy = if d.y.abs() > 1e-6 {
        (r.height() / 2.0) / d.y.abs()
    } else {
        f32::INFINITY
    };
    c + d * sx.min(sy)
}

fn dashed_rect(painter: &egui::Painter, outer: Rect) {
    let corners = [
        outer.left_top(),
        outer.right_top(),
        outer.right_bottom(),
        outer.left_bottom(),
        outer.left_top(),
    ];
    for w in corners.windows(2) {
        painter.add(egui::Shape::dashed_line(
            &[w[0], w[1]],
            Stroke::new(2.0, theme::GARBAGE),
            6.0,
            4.0,
        ));
    }
}

/// "cycle of 3 objects" / "list x 120".
fn group_title(graph: &Graph, g: &graph_layout::Group) -> String {
    match g.kind {
        GroupKind::Cycle => format!("cycle of {} objects", g.members.len()),
        GroupKind::Type => format!(
            "{} x {}",
            graph.nodes[g.members[0]].type_name,
            g.members.len()
        ),
        GroupKind::Single => {
            let n = &graph.nodes[g.members[0]];
            format!("{} #{}", n.type_name, n.id.0)
        }
    }
}

/// "Node 2, dict 2": the types in a group, most numerous first.
fn composition(graph: &Graph, members: &[usize]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for &m in members {
        let t = graph.nodes[m].type_name.as_str();
        match counts.iter_mut().find(|(n, _)| *n == t) {
            Some((_, c)) => *c += 1,
            None => counts.push((t, 1)),
        }
    }
    counts.sort_by_key(|&(n, c)| (std::cmp::Reverse(c), n));
    counts
        .iter()
        .map(|(n, c)| format!("{n} {c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn draw_group(
    painter: &egui::Painter,
    visuals: &egui::Visuals,
    r: Rect,
    graph: &Graph,
    g: &graph_layout::Group,
) {
    // A stack of cards: the group stands for many objects.
    for d in [6.0, 3.0] {
        let back = r.translate(Vec2::new(d, d));
        painter.rect_filled(back, 4.0, visuals.extreme_bg_color);
        painter.rect_stroke(
            back,
            4.0,
            Stroke::new(1.0, Color32::GRAY),
            StrokeKind::Inside,
        );
    }
    painter.rect_filled(r, 4.0, visuals.extreme_bg_color);
    let generations: HashSet<u8> = g
        .members
        .iter()
        .map(|&m| graph.nodes[m].generation)
        .collect();
    let border = match generations.iter().next() {
        Some(&gen) if generations.len() == 1 && gen != 255 => {
            Stroke::new(2.0, theme::generation(gen))
        }
        _ => Stroke::new(1.0, Color32::GRAY),
    };
    painter.rect_stroke(r, 4.0, border, StrokeKind::Inside);
    painter.text(
        r.left_top() + Vec2::new(6.0, 4.0),
        egui::Align2::LEFT_TOP,
        group_title(graph, g),
        egui::FontId::proportional(12.0),
        visuals.strong_text_color(),
    );
    let mut what = composition(graph, &g.members);
    if what.chars().count() > 24 {
        what = format!("{}...", what.chars().take(21).collect::<String>());
    }
    painter.text(
        r.left_top() + Vec2::new(6.0, 19.0),
        egui::Align2::LEFT_TOP,
        what,
        egui::FontId::monospace(11.0),
        visuals.text_color(),
    );
    painter.text(
        r.left_bottom() + Vec2::new(6.0, -4.0),
        egui::Align2::LEFT_BOTTOM,
        "click to expand",
        egui::FontId::proportional(10.0),
        visuals.weak_text_color(),
    );
}

fn draw_node(
    painter: &egui::Painter,
    visuals: &egui::Visuals,
    r: Rect,
    n: &Node,
    gc_refs: Option<&HashMap<u32, u32>>,
) {
    painter.rect_filled(r, 4.0, visuals.extreme_bg_color);
    let tracked = n.generation != 255;
    let border = if tracked {
        Stroke::new(2.0, theme::generation(n.generation))
    } else {
        Stroke::new(1.0, Color32::GRAY)
    };
    painter.rect_stroke(r, 4.0, border, StrokeKind::Inside);
    if let Some(g) = gc_refs.and_then(|refs| refs.get(&n.id.0)) {
        let badge = Rect::from_center_size(
            r.right_bottom() + Vec2::new(-14.0, -10.0),
            Vec2::new(26.0, 14.0),
        );
        painter.rect_filled(badge, 3.0, theme::SELECTED);
        painter.text(
            badge.center(),
            egui::Align2::CENTER_CENTER,
            g.to_string(),
            egui::FontId::monospace(11.0),
            Color32::BLACK,
        );
    }
    let gen = match n.generation {
        255 => format!("untracked · {} B", n.size),
        3 => format!("frozen · {} B", n.size),
        g => format!("gen {g} · {} B", n.size),
    };
    painter.text(
        r.left_top() + Vec2::new(6.0, 4.0),
        egui::Align2::LEFT_TOP,
        format!("{} #{}", n.type_name, n.id.0),
        egui::FontId::proportional(12.0),
        visuals.strong_text_color(),
    );
    painter.text(
        r.left_top() + Vec2::new(6.0, 19.0),
        egui::Align2::LEFT_TOP,
        &n.label,
        egui::FontId::monospace(11.0),
        visuals.text_color(),
    );
    painter.text(
        r.left_bottom() + Vec2::new(6.0, -4.0),
        egui::Align2::LEFT_BOTTOM,
        gen,
        egui::FontId::proportional(10.0),
        visuals.weak_text_color(),
    );
    let rc = if n.refcnt >= 100_000_000 {
        "rc static".to_string()
    } else {
        format!("rc {}", n.refcnt)
    };
    painter.text(
        r.right_top() + Vec2::new(-6.0, 4.0),
        egui::Align2::RIGHT_TOP,
        rc,
        egui::FontId::monospace(11.0),
        visuals.strong_text_color(),
    );
}

/// A heap too big to draw object by object: live objects by type at the cursor (from the
/// time-travel view), with how many of each the collector tracks.
fn aggregate_ui(s: &Session, ui: &mut egui::Ui) {
    let Some(summary) = s.summary_ref() else {
        return;
    };
    let view = s.timeline.view();
    let rows = &summary.by_type;
    ui.label(format!(
        "{} live objects: too many to draw one by one, so they are grouped by type.",
        view.objects.len()
    ));
    let max = rows.first().map_or(1, |r| r.1).max(1);
    egui::Grid::new("by_type").striped(true).show(ui, |ui| {
        ui.strong("type");
        ui.strong("objects");
        ui.strong("tracked by the GC");
        ui.end_row();
        for &(name, count, tracked) in rows {
            ui.label(name);
            ui.add(
                egui::ProgressBar::new(count as f32 / max as f32)
                    .text(count.to_string())
                    .desired_width(220.0),
            );
            ui.label(tracked.to_string());
            ui.end_row();
        }
    });
}
