//! The object graph: the program's objects as nodes (type, value, refcount badge, generation
//! colour, solid border when tracked), references as arrows, global names on the left like a
//! frame diagram. Objects no name can reach are outlined as garbage: that is what a cycle left
//! behind looks like. The layout is stable: nodes keep their place (by creation) across steps.

use std::collections::{HashMap, HashSet, VecDeque};

use egui::{Color32, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2};

use super::theme;
use crate::app::{Command, Selection, Session};

/// Draws the object graph at the cursor.
pub fn graph_ui(s: &Session, selection: Selection, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    let Some(snap) = s.snapshot() else {
        ui.label("No snapshot at this step.");
        return;
    };
    let Some(graph) = &snap.graph else {
        aggregate_ui(s, ui);
        return;
    };
    // Reachability from the names: what is not reachable is garbage waiting for the collector.
    let index: HashMap<u32, usize> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.0, i))
        .collect();
    let mut reached = HashSet::new();
    let mut queue: VecDeque<usize> = graph
        .names
        .iter()
        .filter_map(|(_, id)| index.get(&id.0).copied())
        .collect();
    while let Some(i) = queue.pop_front() {
        if reached.insert(i) {
            for r in &graph.nodes[i].refs {
                if let Some(&j) = index.get(&r.0) {
                    queue.push_back(j);
                }
            }
        }
    }
    let gc_refs = s.gc_refs_at_cursor();
    let view = s.timeline.view();
    if gc_refs.is_some() {
        ui.label("A collection is running: badges show gc_refs (references from outside the examined objects); dashed red: in the tentatively unreachable set.");
    } else {
        ui.label("Arrows are references. A solid border means tracked by the GC (its colour: generation). Orange outline: unreachable garbage.");
    }
    // Stable places (first appearance over the history); compact if the history is too large.
    let places = s.graph_places();
    let stable = places.len() <= 600;
    let place_of = |i: usize| -> usize {
        if stable {
            places.get(&graph.nodes[i].id.0).copied().unwrap_or(i)
        } else {
            i
        }
    };
    let slots = if stable {
        places.len().max(graph.nodes.len())
    } else {
        graph.nodes.len()
    };
    // Objects of the previous statement that are gone now: drawn faded where they were.
    let current: HashSet<u32> = graph.nodes.iter().map(|n| n.id.0).collect();
    let ghosts: Vec<(usize, String)> = if stable {
        s.previous_snapshot()
            .and_then(|p| p.graph.as_ref())
            .map(|g| {
                g.nodes
                    .iter()
                    .filter(|n| !current.contains(&n.id.0))
                    .filter_map(|n| {
                        places
                            .get(&n.id.0)
                            .map(|&p| (p, format!("{} #{} freed", n.type_name, n.id.0)))
                    })
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    if graph.nodes.is_empty() {
        ui.label("No objects of the program are alive at this step.");
        if ghosts.is_empty() {
            return;
        }
    }
    egui::ScrollArea::both()
        .id_salt("graph_scroll")
        .show(ui, |ui| {
            let node_w = 150.0;
            let node_h = 46.0;
            let names_w = 110.0;
            let per_col = 7usize;
            let cols = slots.div_ceil(per_col);
            let size = Vec2::new(
                names_w + cols as f32 * (node_w + 40.0) + 20.0,
                (per_col as f32) * (node_h + 18.0) + 20.0,
            );
            let (rect, response) =
                ui.allocate_exact_size(size.max(ui.available_size()), Sense::click());
            let painter = ui.painter_at(rect);
            let visuals = ui.visuals().clone();
            let pos_of = |i: usize| -> Rect {
                let col = i / per_col;
                let row = i % per_col;
                Rect::from_min_size(
                    rect.min
                        + Vec2::new(
                            names_w + col as f32 * (node_w + 40.0),
                            10.0 + row as f32 * (node_h + 18.0),
                        ),
                    Vec2::new(node_w, node_h),
                )
            };
            let arrow = |from: Pos2, to: Pos2, color: Color32| {
                painter.line_segment([from, to], Stroke::new(1.5, color));
                let dir = (to - from).normalized();
                let left = to - dir * 8.0 + Vec2::new(-dir.y, dir.x) * 4.0;
                let right = to - dir * 8.0 - Vec2::new(-dir.y, dir.x) * 4.0;
                painter.line_segment([to, left], Stroke::new(1.5, color));
                painter.line_segment([to, right], Stroke::new(1.5, color));
            };
            // Names, left.
            for (k, (name, id)) in graph.names.iter().enumerate() {
                let p = rect.min + Vec2::new(8.0, 20.0 + k as f32 * 22.0);
                painter.text(
                    p,
                    egui::Align2::LEFT_CENTER,
                    name,
                    egui::FontId::monospace(13.0),
                    visuals.text_color(),
                );
                if let Some(&j) = index.get(&id.0) {
                    arrow(
                        p + Vec2::new(names_w - 30.0, 0.0),
                        pos_of(place_of(j)).left_center(),
                        visuals.weak_text_color(),
                    );
                }
            }
            // Edges.
            for (i, n) in graph.nodes.iter().enumerate() {
                for r in &n.refs {
                    if let Some(&j) = index.get(&r.0) {
                        let (a, b) = (pos_of(place_of(i)), pos_of(place_of(j)));
                        if i == j {
                            let c = a.right_top();
                            painter.circle_stroke(
                                c,
                                10.0,
                                Stroke::new(1.5, visuals.weak_text_color()),
                            );
                        } else {
                            arrow(
                                a.right_center(),
                                b.left_center() + Vec2::new(0.0, 4.0),
                                visuals.weak_text_color(),
                            );
                        }
                    }
                }
            }
            // Freed since the previous statement: faded, in place.
            for (place, text) in &ghosts {
                let r = pos_of(*place);
                let faded = visuals.weak_text_color().gamma_multiply(0.5);
                painter.rect_stroke(r, 4.0, Stroke::new(1.0, faded), StrokeKind::Inside);
                painter.text(
                    r.center(),
                    egui::Align2::CENTER_CENTER,
                    text,
                    egui::FontId::proportional(11.0),
                    faded,
                );
            }
            // Nodes.
            for (i, n) in graph.nodes.iter().enumerate() {
                let r = pos_of(place_of(i));
                painter.rect_filled(r, 4.0, visuals.extreme_bg_color);
                let tracked = n.generation != 255;
                let border = if tracked {
                    Stroke::new(2.0, theme::generation(n.generation))
                } else {
                    Stroke::new(1.0, Color32::GRAY)
                };
                painter.rect_stroke(r, 4.0, border, StrokeKind::Inside);
                if !reached.contains(&i) && tracked {
                    painter.rect_stroke(
                        r.expand(3.0),
                        6.0,
                        Stroke::new(2.0, theme::GARBAGE),
                        StrokeKind::Outside,
                    );
                }
                if let Some(refs) = &gc_refs {
                    if let Some(g) = refs.get(&n.id.0) {
                        let badge = egui::Rect::from_center_size(
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
                    // List 4 is the collector's unreachable list.
                    if view
                        .objects
                        .get(&n.id.0)
                        .is_some_and(|o| o.generation >= 4 && o.generation != 255)
                    {
                        let outer = r.expand(5.0);
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
                }
                if selection == Selection::Object(n.id.0) {
                    painter.rect_stroke(
                        r.expand(6.0),
                        6.0,
                        Stroke::new(2.5, theme::SELECTED),
                        StrokeKind::Outside,
                    );
                }
                let gen = match n.generation {
                    255 => "untracked".to_string(),
                    3 => "frozen".to_string(),
                    g => format!("gen {g}"),
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
                if response.clicked()
                    && response
                        .interact_pointer_pos()
                        .is_some_and(|p| r.contains(p))
                {
                    cmds.push(Command::Select(Selection::Object(n.id.0)));
                }
            }
        });
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
