//! The event log: the events of the statement at the cursor, in words.

use crate::app::Session;
use crate::engine::event::Event;

/// One event in words.
pub fn describe(s: &Session, e: &Event) -> String {
    match *e {
        Event::Line { line, col } => format!("statement at line {line}, column {col}"),
        Event::ArenaNew {
            slot,
            address,
            ntotalpools,
        } => format!("arena {slot} mapped at {address:#x} ({ntotalpools} usable pools)"),
        Event::ArenaFree { slot, address, .. } => {
            format!("arena {slot} at {address:#x} returned to the OS")
        }
        Event::PoolInit { pool, szidx, .. } => format!(
            "pool {pool:#x} set up for {}-byte blocks",
            crate::app::session::Session::class_size(szidx)
        ),
        Event::BlockAlloc { addr, size } => format!("{size}-byte block {addr:#x} handed out"),
        Event::BlockFree { addr, size } => {
            format!("{size}-byte block {addr:#x} back on its pool's free list")
        }
        Event::RawAlloc { addr, size } => format!("system malloc({size}) -> {addr:#x}"),
        Event::RawFree { addr, size } => format!("system free of {size} bytes at {addr:#x}"),
        Event::ObjNew { obj, addr, ty, .. } => format!("new {} #{} at {addr:#x}", ty.name(), obj.0),
        Event::ObjFree { obj, ty, .. } => format!("{} #{} deallocated", ty.name(), obj.0),
        Event::Incref { obj, refcnt } => format!("#{} refcount up to {refcnt}", obj.0),
        Event::Decref { obj, refcnt } => format!("#{} refcount down to {refcnt}", obj.0),
        Event::SetRefcnt { obj, new, .. } => format!("#{} refcount set to {new}", obj.0),
        Event::Track { obj, generation } => {
            format!("#{} tracked in generation {generation}", obj.0)
        }
        Event::Untrack { obj, .. } => format!("#{} untracked", obj.0),
        Event::GenMove { obj, from, to } => {
            format!("#{} moved from list {from} to list {to}", obj.0)
        }
        Event::GcStart { generation } => format!("collection of generation {generation} starts"),
        Event::GcPhase { phase, objects } => format!("  phase {phase:?} ({objects} objects)"),
        Event::GcDone {
            generation,
            collected,
            uncollectable,
        } => {
            format!("collection of generation {generation} done: {collected} collected, {uncollectable} uncollectable")
        }
        Event::GcRefs { obj, gc_refs } => format!(
            "  #{} gc_refs = {gc_refs}{}",
            obj.0,
            if gc_refs == 0 {
                " (only referenced from inside)"
            } else {
                ""
            }
        ),
        Event::Finalize { obj } => format!("__del__ of #{} called", obj.0),
        Event::WeakrefCallback { weakref } => format!("callback of weakref #{} called", weakref.0),
        Event::Output { text, stderr } => {
            let t = s
                .played
                .interp
                .heap
                .log
                .texts
                .get(text as usize)
                .map_or("", String::as_str);
            format!("{} {t:?}", if stderr { "stderr" } else { "stdout" })
        }
    }
}

/// The event kinds the log can be filtered to.
pub const FILTERS: [&str; 6] = ["all", "memory", "objects", "refcounts", "gc", "output"];

fn passes(filter: &str, e: &Event) -> bool {
    match filter {
        "memory" => matches!(
            e,
            Event::ArenaNew { .. }
                | Event::ArenaFree { .. }
                | Event::PoolInit { .. }
                | Event::BlockAlloc { .. }
                | Event::BlockFree { .. }
                | Event::RawAlloc { .. }
                | Event::RawFree { .. }
        ),
        "objects" => matches!(e, Event::ObjNew { .. } | Event::ObjFree { .. }),
        "refcounts" => matches!(
            e,
            Event::Incref { .. } | Event::Decref { .. } | Event::SetRefcnt { .. }
        ),
        "gc" => matches!(
            e,
            Event::GcStart { .. }
                | Event::GcPhase { .. }
                | Event::GcRefs { .. }
                | Event::GcDone { .. }
                | Event::Track { .. }
                | Event::Untrack { .. }
                | Event::GenMove { .. }
                | Event::Finalize { .. }
                | Event::WeakrefCallback { .. }
        ),
        "output" => matches!(e, Event::Output { .. }),
        _ => true,
    }
}

/// Draws the events of the current statement.
pub fn log_ui(s: &Session, ui: &mut egui::Ui) {
    let filter_id = ui.make_persistent_id("log_filter");
    let mut filter: usize = ui.data(|d| d.get_temp(filter_id)).unwrap_or(0);
    ui.horizontal(|ui| {
        ui.label("show:");
        for (i, f) in FILTERS.iter().enumerate() {
            if ui.selectable_label(filter == i, *f).clicked() {
                filter = i;
            }
        }
    });
    ui.data_mut(|d| d.insert_temp(filter_id, filter));
    let filter = FILTERS[filter.min(FILTERS.len() - 1)];
    let events = s.events();
    let c = s.cursor().min(events.len());
    // Binary searches: the history can hold millions of statements.
    let before = s.marks.lines.partition_point(|&m| m < c.max(1));
    let start = before
        .checked_sub(1)
        .and_then(|i| s.marks.lines.get(i))
        .copied()
        .unwrap_or(0);
    let end = s
        .marks
        .lines
        .get(s.marks.lines.partition_point(|&m| m <= start))
        .copied()
        .unwrap_or(events.len())
        .min(start + 2000);
    ui.label(format!(
        "Events {start}..{end} (the statement around the cursor); the cursor is after event {c}."
    ));
    // Only the rows in view are laid out.
    let shown: Vec<(usize, Event)> = (start..)
        .zip(events.range(start..end))
        .filter(|(_, e)| passes(filter, e))
        .collect();
    let row_height = ui.text_style_height(&egui::TextStyle::Monospace);
    egui::ScrollArea::vertical()
        .id_salt("log_scroll")
        .show_rows(ui, row_height, shown.len(), |ui, rows| {
            for (idx, e) in &shown[rows] {
                let idx = *idx;
                let text = format!("{idx:>7}  {}", describe(s, e));
                let rich = egui::RichText::new(text).monospace();
                if idx < c {
                    ui.label(rich);
                } else {
                    ui.label(rich.weak());
                }
            }
        });
}
