//! The GC panel: the generations drawn as places where objects live — a box per generation
//! (and the permanent one) holding the program's objects as chips, which move when a collection
//! promotes them, with the count against its threshold — the totals of `gc.get_stats()`, and,
//! during a collection, a strip of its phases with the current one lit.

use egui::{Color32, RichText, Stroke};

use super::theme;
use crate::app::Session;
use crate::engine::event::{Event, GcPhase};
use crate::engine::object::UNTRACKED;

/// Chips drawn per generation at most (the rest are counted).
const MAX_CHIPS: usize = 24;

/// The names of the generations.
const NAMES: [&str; 4] = [
    "generation 0 (young)",
    "generation 1 (older)",
    "generation 2 (oldest)",
    "permanent (frozen)",
];

/// Draws the GC panel.
pub fn gc_ui(s: &Session, ui: &mut egui::Ui) {
    ui.heading("Garbage collector");
    let heap = &s.played.interp.heap;
    let thresholds = heap.gc.thresholds;
    let Some(snap) = s.snapshot() else { return };
    // The program's objects (the graph's), by the generation they are in at the cursor.
    let view = s.timeline.view();
    let mut chips: [Vec<(u32, String)>; 4] = Default::default();
    if let Some(graph) = &snap.graph {
        for n in &graph.nodes {
            let Some(o) = view.objects.get(&n.id.0) else {
                continue;
            };
            if o.generation != UNTRACKED && (o.generation as usize) < 4 {
                chips[o.generation as usize].push((n.id.0, n.type_name.clone()));
            }
        }
    }
    for (g, name) in NAMES.iter().enumerate() {
        let counted = s
            .summary_ref()
            .map_or(snap.generations[g] as usize, |h| h.generations[g]);
        if g == 3 && counted == 0 {
            ui.label(format!("{name}: empty (gc.freeze() moves objects here)"));
            continue;
        }
        let gauge = (g < 3).then(|| (snap.counts[g], thresholds[g]));
        generation_box(ui, g as u8, name, counted, &chips[g], gauge);
    }
    ui.label(format!(
        "long-lived: {} total, {} pending (a full collection needs pending > total / 4)",
        heap.gc.long_lived_total, heap.gc.long_lived_pending
    ));
    ui.label(format!("collections so far: {}", snap.collections));
    // Where the cursor is relative to collections.
    let events = s.events();
    let c = s.cursor().min(events.len());
    let mut phase = None;
    let mut last_done = None;
    // Walk back through the collection events only (indexed once per session).
    let upto = s.marks.gc.partition_point(|&i| i < c);
    for e in s.marks.gc[..upto]
        .iter()
        .rev()
        .filter_map(|&i| events.get(i))
    {
        match e {
            Event::GcDone {
                generation,
                collected,
                uncollectable,
            } => {
                last_done = Some((generation, collected, uncollectable));
                break;
            }
            Event::GcPhase { phase: p, objects } if phase.is_none() => phase = Some((p, objects)),
            Event::GcStart { generation } => {
                let (p, n) = phase.unwrap_or((GcPhase::Merge, 0));
                ui.strong(format!(
                    "Collecting generation {generation}: {} ({n} objects)",
                    phase_text(p)
                ));
                phase_strip(s, ui, upto);
                return;
            }
            _ => {}
        }
    }
    if let Some((g, m, n)) = last_done {
        ui.label(format!(
            "last collection: generation {g}, {m} collected, {n} uncollectable"
        ));
    }
}

/// One generation as a place: its name and population, its count against its threshold, and
/// the program's objects in it as chips.
fn generation_box(
    ui: &mut egui::Ui,
    g: u8,
    name: &str,
    objects: usize,
    chips: &[(u32, String)],
    gauge: Option<(i64, u32)>,
) {
    let color = theme::generation(g);
    egui::Frame::group(ui.style())
        .stroke(Stroke::new(1.5, color))
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let program = if chips.is_empty() {
                String::new()
            } else {
                format!(", {} of the program's", chips.len())
            };
            ui.label(RichText::new(format!("{name}: {objects} objects{program}")).color(color));
            if let Some((count, threshold)) = gauge {
                let frac = (count as f32 / threshold.max(1) as f32).clamp(0.0, 1.0);
                ui.add(
                    egui::ProgressBar::new(frac)
                        .text(format!("count {count} / threshold {threshold}")),
                );
            }
            if !chips.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.spacing_mut().item_spacing = egui::vec2(3.0, 3.0);
                    for (id, ty) in chips.iter().take(MAX_CHIPS) {
                        chip(ui, color, &format!("{ty} #{id}"));
                    }
                    if chips.len() > MAX_CHIPS {
                        ui.label(format!("+{} more", chips.len() - MAX_CHIPS));
                    }
                });
            }
        });
}

/// An object in a generation: a small label on the generation's colour.
fn chip(ui: &mut egui::Ui, color: Color32, text: &str) {
    let ink = ui.visuals().text_color();
    pill(
        ui,
        text,
        color.gamma_multiply(0.25),
        Stroke::new(1.0, color),
        ink,
    );
}

/// A small framed label of a known size (so that a wrapping row wraps before it, which a frame
/// around a label cannot do), read by screen readers as its text.
fn pill(
    ui: &mut egui::Ui,
    text: &str,
    fill: Color32,
    stroke: Stroke,
    ink: Color32,
) -> egui::Response {
    let galley = egui::WidgetText::from(RichText::new(text).small()).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Small,
    );
    let (rect, response) =
        ui.allocate_exact_size(galley.size() + egui::vec2(8.0, 2.0), egui::Sense::hover());
    let painter = ui.painter();
    painter.rect(rect, 3.0, fill, stroke, egui::StrokeKind::Inside);
    painter.galley(rect.min + egui::vec2(4.0, 1.0), galley, ink);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    response
}

/// The phases of the collection running at the cursor, in the order it runs them (its own
/// events say which, per version), as a strip: those done, the current one lit with its
/// objects, those to come. `upto` is the number of the session's collector events before the
/// cursor.
fn phase_strip(s: &Session, ui: &mut egui::Ui, upto: usize) {
    let events = s.events();
    let marks = &s.marks.gc;
    // The collection's start: the last GcStart before the cursor.
    let Some(start) = marks[..upto]
        .iter()
        .rposition(|&i| matches!(events.get(i), Some(Event::GcStart { .. })))
    else {
        return;
    };
    let mut phases: Vec<(GcPhase, u32, bool)> = Vec::new();
    for (k, &i) in marks.iter().enumerate().skip(start + 1) {
        match events.get(i) {
            Some(Event::GcPhase { phase, objects }) => phases.push((phase, objects, k < upto)),
            _ => break,
        }
    }
    let current = phases.iter().rposition(|p| p.2);
    // The resurrection check runs the first phases again, over the garbage.
    let mut seen = std::collections::HashSet::new();
    let names: Vec<String> = phases
        .iter()
        .map(|&(p, ..)| {
            if seen.insert(p) {
                phase_name(p).to_string()
            } else {
                format!("{} again", phase_name(p))
            }
        })
        .collect();
    // The strip wraps within the panel (its pills never widen it).
    let width = ui.available_width();
    ui.horizontal_wrapped(|ui| {
        ui.set_max_width(width);
        ui.spacing_mut().item_spacing = egui::vec2(2.0, 3.0);
        let visuals = ui.visuals().clone();
        for (k, &(phase, objects, done)) in phases.iter().enumerate() {
            let lit = Some(k) == current;
            let (fill, text) = if lit {
                (theme::SELECTED, Color32::BLACK)
            } else if done {
                (visuals.widgets.inactive.bg_fill, visuals.text_color())
            } else {
                (Color32::TRANSPARENT, visuals.weak_text_color())
            };
            let label = if lit {
                format!("{} · {objects}", names[k])
            } else {
                names[k].clone()
            };
            pill(
                ui,
                &label,
                fill,
                Stroke::new(1.0, visuals.weak_text_color()),
                text,
            )
            .on_hover_text(phase_text(phase));
            if k + 1 < phases.len() {
                ui.label(RichText::new("→").small());
            }
        }
    });
}

/// A phase's short name for the strip.
fn phase_name(p: GcPhase) -> &'static str {
    match p {
        GcPhase::Merge => "merge",
        GcPhase::UpdateRefs => "refs copied",
        GcPhase::SubtractRefs => "internal refs subtracted",
        GcPhase::MoveUnreachable => "unreachable moved",
        GcPhase::Promote => "survivors promoted",
        GcPhase::LegacyFinalizers => "legacy finalizers",
        GcPhase::Weakrefs => "weakrefs",
        GcPhase::Finalize => "finalizers",
        GcPhase::Resurrection => "resurrection check",
        GcPhase::Clear => "cleared",
    }
}

fn phase_text(p: GcPhase) -> &'static str {
    match p {
        GcPhase::Merge => "younger generations merged in",
        GcPhase::UpdateRefs => "gc_refs = refcount for every object",
        GcPhase::SubtractRefs => "internal references subtracted",
        GcPhase::MoveUnreachable => "unreachable objects set aside",
        GcPhase::Promote => "survivors promoted",
        GcPhase::LegacyFinalizers => "legacy finalizers set aside",
        GcPhase::Weakrefs => "weakrefs to garbage cleared",
        GcPhase::Finalize => "__del__ methods called",
        GcPhase::Resurrection => "checking for resurrected objects",
        GcPhase::Clear => "tp_clear breaks the cycles",
    }
}
