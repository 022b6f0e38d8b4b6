//! The GC panel: the generations with their object counts, each count against its threshold,
//! the totals of `gc.get_stats()`, and, during a collection, the phase it is in.

use crate::app::Session;
use crate::engine::event::{Event, GcPhase};

/// Draws the GC panel.
pub fn gc_ui(s: &Session, ui: &mut egui::Ui) {
    ui.heading("Garbage collector");
    let heap = &s.played.interp.heap;
    let thresholds = heap.gc.thresholds;
    let Some(snap) = s.snapshot() else { return };
    for (g, (&count, &threshold)) in snap.counts.iter().zip(thresholds.iter()).enumerate() {
        let frac = (count as f32 / threshold.max(1) as f32).clamp(0.0, 1.0);
        ui.label(format!("generation {g}: {} objects", snap.generations[g]));
        ui.add(egui::ProgressBar::new(frac).text(format!("count {count} / threshold {threshold}")));
    }
    ui.label(format!(
        "permanent (frozen): {} objects",
        snap.generations[3]
    ));
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
