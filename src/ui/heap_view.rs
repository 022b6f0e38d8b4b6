//! The heap map: arenas as rows of pools, each pool coloured by size class (and labelled with
//! its block size) with its fill drawn as a bar; a selected pool is opened block by block.

use egui::{Color32, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2};

use super::theme;
use crate::app::{Command, Selection, Session};

/// Draws the heap map.
pub fn heap_ui(
    s: &Session,
    selection: Selection,
    dark: bool,
    speed: f32,
    ui: &mut egui::Ui,
    cmds: &mut Vec<Command>,
) {
    let Some(summary) = s.summary_ref() else {
        return;
    };
    // A step forward flashes the blocks it handed out (and their pools) as it is drawn.
    let stop = s.stop_index();
    let t = super::motion::progress(
        ui,
        ("heap", s.played.interp.heap.config.version.minor),
        stop,
        speed,
    );
    let fresh: std::collections::HashSet<u64> = if t < 1.0 {
        new_blocks(s, stop)
    } else {
        Default::default()
    };
    let pool_size = s.pool_size();
    let fresh_pools: std::collections::HashSet<u64> =
        fresh.iter().map(|&b| b - b % pool_size).collect();
    let max_pools = (s.played.interp.heap.alloc.arena_size() / pool_size) as usize;
    ui.label(format!(
        "{} arenas mapped ({} pools free), {} pools in use, {:.1} KiB in blocks, {} chunks ({:.1} KiB) in the system malloc",
        summary.arenas.len(),
        summary.arena_free.iter().sum::<u32>(),
        summary.pools.values().filter(|(_, used)| *used > 0).count(),
        summary.block_bytes as f64 / 1024.0,
        summary.raw.0,
        summary.raw.1 as f64 / 1024.0
    ));
    let selected_pool = match selection {
        Selection::Pool(p) => Some(p),
        Selection::Object(slot) => s
            .timeline
            .view()
            .objects
            .get(&slot)
            .map(|o| o.addr - o.addr % pool_size),
        Selection::None => None,
    };
    ui.label("A pool's label is its block size, its bar how full it is: bright = your program's blocks, dim = start-up's; outlined pools hold yours.")
        .on_hover_text("Colour = size class (legend below). Start-up's blocks are what the interpreter allocated before the program's first line.");
    egui::CollapsingHeader::new("Size classes (legend)")
        .id_salt("size_class_legend")
        .show(ui, |ui| legend_ui(s, summary, ui));
    egui::ScrollArea::vertical()
        .id_salt("heap_scroll")
        // The pools take what the blocks of a selected pool leave.
        .max_height(if selected_pool.is_some() {
            ui.available_height() * 0.6
        } else {
            (ui.available_height() - 28.0).max(40.0)
        })
        .show(ui, |ui| {
            // Pools wrap onto rows wide enough to label each with its block size.
            let label_w = 64.0;
            let width = (ui.available_width() - label_w).max(64.0);
            let per_row = if width / (max_pools as f32) >= 18.0 {
                max_pools
            } else {
                max_pools.div_ceil(max_pools.div_ceil((width / 18.0).max(1.0) as usize))
            };
            let cell = (width / per_row as f32).clamp(4.0, 28.0);
            let rows = max_pools.div_ceil(per_row);
            // A newly selected object's pool is scrolled into view (once: then the user scrolls).
            let scroll_id = ui.scope_id().with("scrolled_to");
            let scroll_to = selected_pool.filter(|&p| {
                ui.ctx().data(|d| d.get_temp::<u64>(scroll_id)) != Some(p)
            });
            if let Some(p) = selected_pool {
                ui.ctx().data_mut(|d| d.insert_temp(scroll_id, p));
            }
            for (&(slot, base, first, ntotal), free) in summary.arenas.iter().zip(&summary.arena_free) {
                ui.horizontal(|ui| {
                    ui.add_sized(
                        [label_w - 8.0, cell],
                        egui::Label::new(egui::RichText::new(format!("arena {slot}")).monospace()),
                    )
                    .on_hover_text(format!(
                        "mapped at {base:#x}, {ntotal} usable pools, {free} of them free (never carved or emptied)"
                    ));
                    let (rect, response) = ui.allocate_exact_size(
                        Vec2::new(cell * per_row as f32, cell * 1.2 * rows as f32),
                        Sense::click(),
                    );
                    let painter = ui.painter_at(rect);
                    let hover = response.hover_pos();
                    for i in 0..max_pools {
                        let (row, col) = (i / per_row, i % per_row);
                        let r = Rect::from_min_size(
                            Pos2::new(
                                rect.left() + col as f32 * cell,
                                rect.top() + row as f32 * cell * 1.2,
                            ),
                            Vec2::new(cell - 2.0, cell * 1.2 - 2.0),
                        );
                        if i as u32 >= ntotal {
                            painter.rect_stroke(r, 0.0, Stroke::new(1.0, Color32::DARK_GRAY), StrokeKind::Inside);
                            continue;
                        }
                        let addr = first + i as u64 * pool_size;
                        match summary.pools.get(&addr) {
                            None => {
                                painter.rect_filled(r, 0.0, theme::empty(dark));
                            }
                            Some(&(szidx, used)) => {
                                let cap = s.blocks_per_pool(szidx).max(1);
                                let color = theme::size_class(szidx);
                                let mine = summary.program.get(&addr).copied().unwrap_or(0);
                                painter.rect_stroke(r, 0.0, Stroke::new(1.0, color.gamma_multiply(0.6)), StrokeKind::Inside);
                                // The bar: start-up's blocks dim at the bottom, the program's
                                // bright above them.
                                let frac = (used as f32 / cap as f32).min(1.0);
                                let frac_mine = (mine as f32 / cap as f32).min(frac);
                                let fill = Rect::from_min_max(
                                    Pos2::new(r.left(), r.bottom() - r.height() * frac),
                                    r.max,
                                );
                                painter.rect_filled(fill, 0.0, color.gamma_multiply(0.35));
                                if mine > 0 {
                                    let bright = Rect::from_min_max(
                                        fill.min,
                                        Pos2::new(r.right(), fill.top() + r.height() * frac_mine),
                                    );
                                    painter.rect_filled(bright, 0.0, color);
                                    painter.rect_stroke(r, 0.0, Stroke::new(2.0, theme::program_pool(dark)), StrokeKind::Inside);
                                }
                                if cell >= 14.0 {
                                    let size = crate::app::session::Session::class_size(szidx);
                                    let text = if frac > 0.5 {
                                        Color32::BLACK
                                    } else if dark {
                                        Color32::WHITE
                                    } else {
                                        Color32::BLACK
                                    };
                                    painter.text(
                                        r.center(),
                                        egui::Align2::CENTER_CENTER,
                                        size.to_string(),
                                        egui::FontId::monospace((cell * 0.42).min(11.0)),
                                        text,
                                    );
                                }
                            }
                        }
                        if fresh_pools.contains(&addr) {
                            flash(&painter, r.expand(2.0), 0.0, t);
                        }
                        if selected_pool == Some(addr) {
                            painter.rect_stroke(r.expand(1.0), 0.0, Stroke::new(2.0, theme::SELECTED), StrokeKind::Outside);
                            if scroll_to == Some(addr) {
                                ui.scroll_to_rect(r, Some(egui::Align::Center));
                            }
                        }
                        if let Some(h) = hover {
                            if r.contains(h) {
                                if response.clicked() {
                                    cmds.push(Command::Select(Selection::Pool(addr)));
                                }
                                let text = match summary.pools.get(&addr) {
                                    Some(&(szidx, used)) => format!(
                                        "pool {addr:#x}\n{}-byte blocks (class {szidx})\n{used} of {} in use, {} of them the program's",
                                        crate::app::session::Session::class_size(szidx),
                                        s.blocks_per_pool(szidx),
                                        summary.program.get(&addr).copied().unwrap_or(0)
                                    ),
                                    None => format!("pool {addr:#x}\nnever carved"),
                                };
                                response.clone().on_hover_text(text);
                            }
                        }
                    }
                });
            }
            if summary.arenas.is_empty() {
                ui.label("No arena is mapped at this step.");
            }
        });
    ui.separator();
    if let Some(pool) = selected_pool {
        blocks_ui(s, pool, selection, dark, (&fresh, t), ui, cmds);
    } else {
        ui.label(
            "Click a pool to see its blocks. Colour = size class; the bar shows how full it is.",
        );
    }
}

/// The size classes in use, smallest first: a swatch of each colour with its block size and
/// how many pools serve it (colours repeat across classes; the sizes tell them apart).
fn legend_ui(s: &Session, summary: &crate::app::session::HeapSummary, ui: &mut egui::Ui) {
    let mut classes: std::collections::BTreeMap<u32, (u32, u32)> = Default::default();
    for &(szidx, used) in summary.pools.values() {
        let e = classes.entry(szidx).or_default();
        e.0 += 1;
        e.1 += used;
    }
    if classes.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("size classes:");
        for (&szidx, &(pools, used)) in &classes {
            let size = crate::app::session::Session::class_size(szidx);
            let (rect, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
            ui.painter().rect_filled(rect, 2.0, theme::size_class(szidx));
            ui.label(egui::RichText::new(format!("{size} B")).monospace())
                .on_hover_text(format!(
                    "class {szidx}: {pools} pool{} of {size}-byte blocks, {used} of {} blocks in use",
                    if pools == 1 { "" } else { "s" },
                    pools * s.blocks_per_pool(szidx)
                ));
        }
    });
}

/// A pool block by block: the program's blocks bright, start-up's dim, free ones outlined; a
/// click on a block selects its object.
fn blocks_ui(
    s: &Session,
    pool: u64,
    selection: Selection,
    dark: bool,
    (fresh, t): (&std::collections::HashSet<u64>, f32),
    ui: &mut egui::Ui,
    cmds: &mut Vec<Command>,
) {
    let view = s.timeline.view();
    let Some(&szidx) = view.pools.get(&pool) else {
        ui.label(format!("Pool {pool:#x} is not carved at this step."));
        return;
    };
    let size = u64::from(crate::app::session::Session::class_size(szidx));
    let cap = u64::from(s.blocks_per_pool(szidx));
    ui.label(format!("Pool {pool:#x}: {size}-byte blocks. Bright = the program's, dim = start-up's, outlined = free or never carved. Click a block to select its object."));
    let cursor = s.cursor();
    let owners: std::collections::HashMap<u64, (u32, &'static str)> = view
        .objects
        .iter()
        .filter(|(_, o)| o.addr >= pool && o.addr < pool + s.pool_size())
        .map(|(&slot, o)| ((o.addr - pool - 48) / size, (slot, o.ty.name())))
        .collect();
    let cols = 32u64;
    let cellw = (ui.available_width() / cols as f32).min(22.0);
    let (rect, response) = ui.allocate_exact_size(
        Vec2::new(cellw * cols as f32, cellw * (cap.div_ceil(cols)) as f32),
        Sense::click(),
    );
    let painter = ui.painter_at(rect);
    let color = theme::size_class(szidx);
    let selected = match selection {
        Selection::Object(slot) => view.objects.get(&slot).map(|o| o.addr),
        _ => None,
    };
    for i in 0..cap {
        let addr = pool + 48 + i * size;
        let r = Rect::from_min_size(
            Pos2::new(
                rect.left() + (i % cols) as f32 * cellw,
                rect.top() + (i / cols) as f32 * cellw,
            ),
            Vec2::splat(cellw - 2.0),
        );
        if view.blocks.contains_key(&addr) {
            let startup = s.startup.holds_startup(addr, cursor);
            painter.rect_filled(
                r,
                2.0,
                if startup {
                    color.gamma_multiply(0.35)
                } else {
                    color
                },
            );
            if fresh.contains(&addr) {
                flash(&painter, r.expand(1.0), 2.0, t);
            }
            if selected.is_some_and(|a| a >= addr && a < addr + size) {
                painter.rect_stroke(
                    r.expand(1.0),
                    2.0,
                    Stroke::new(2.0, theme::SELECTED),
                    StrokeKind::Outside,
                );
            }
        } else {
            painter.rect_stroke(
                r,
                2.0,
                Stroke::new(1.0, theme::empty(!dark)),
                StrokeKind::Inside,
            );
        }
        if let Some(h) = response.hover_pos() {
            if r.contains(h) {
                let who = owners
                    .get(&i)
                    .map_or("no object".to_string(), |(slot, ty)| {
                        format!("object #{slot} ({ty})")
                    });
                let state = if !view.blocks.contains_key(&addr) {
                    "free"
                } else if s.startup.holds_startup(addr, cursor) {
                    "in use since start-up"
                } else {
                    "in use by the program"
                };
                if response.clicked() {
                    if let Some(&(slot, _)) = owners.get(&i) {
                        cmds.push(Command::Select(Selection::Object(slot)));
                    }
                }
                response
                    .clone()
                    .on_hover_text(format!("block {addr:#x}: {state}, {who}"));
            }
        }
    }
}

/// The outline of a block or pool the step just handed out, fading as the step's transition
/// (`t`, 0..=1) ends.
fn flash(painter: &egui::Painter, r: Rect, corner: f32, t: f32) {
    painter.rect_stroke(
        r,
        corner,
        Stroke::new(3.0, theme::SELECTED.gamma_multiply(1.0 - t)),
        StrokeKind::Outside,
    );
}

/// The pymalloc blocks the step into stop `stop` handed out and still holds (at most the
/// first 20 000 events of the step are looked at: a long loop's step flashes its first blocks).
fn new_blocks(s: &Session, stop: usize) -> std::collections::HashSet<u64> {
    let (Some(&(from, _)), cursor) = (stop.checked_sub(1).and_then(|i| s.stops.get(i)), s.cursor())
    else {
        return Default::default();
    };
    let view = s.timeline.view();
    s.events()
        .range(from..cursor.max(from))
        .take(20_000)
        .filter_map(|e| match e {
            crate::engine::event::Event::BlockAlloc { addr, .. } => Some(addr),
            _ => None,
        })
        .filter(|a| view.blocks.contains_key(a))
        .collect()
}
