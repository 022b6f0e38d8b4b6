//! Time series over the recorded statements, with the cursor as a vertical line; clicking the
//! plot jumps to that step.

use egui_plot::{Legend, Line, Plot, PlotPoints, VLine};

use crate::app::{Command, Session};

/// Draws the plots.
pub fn plots_ui(s: &Session, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    let snaps = s.snapshots();
    if snaps.is_empty() {
        ui.label("Nothing recorded yet.");
        return;
    }
    let series =
        |f: &dyn Fn(&crate::python::snapshot::StepSnapshot) -> f64| -> PlotPoints<'static> {
            snaps
                .iter()
                .map(|sn| [sn.event as f64, f(sn)])
                .collect::<Vec<[f64; 2]>>()
                .into()
        };
    let height = (ui.available_height() / 2.0 - 10.0).max(120.0);
    let cursor = s.cursor() as f64;
    let r = Plot::new("memory")
        .height(height)
        .legend(Legend::default())
        .x_axis_label("event")
        .show(ui, |p| {
            p.line(Line::new(
                "KiB in blocks",
                series(&|sn| sn.block_bytes as f64 / 1024.0),
            ));
            p.line(Line::new("pools in use", series(&|sn| sn.pools as f64)));
            p.line(Line::new(
                "arenas x 10",
                series(&|sn| sn.arenas as f64 * 10.0),
            ));
            p.vline(VLine::new("now", cursor));
            p.pointer_coordinate()
        });
    if r.response.clicked() {
        if let Some(pt) = r.inner {
            cmds.push(Command::Seek(pt.x.max(0.0) as usize));
        }
    }
    let r = Plot::new("generations")
        .height(height)
        .legend(Legend::default())
        .x_axis_label("event")
        .show(ui, |p| {
            for g in 0..3 {
                p.line(Line::new(
                    format!("objects in gen {g}"),
                    series(&|sn| f64::from(sn.generations[g])),
                ));
            }
            p.line(Line::new(
                "collections",
                series(&|sn| sn.collections as f64),
            ));
            p.vline(VLine::new("now", cursor));
            p.pointer_coordinate()
        });
    if r.response.clicked() {
        if let Some(pt) = r.inner {
            cmds.push(Command::Seek(pt.x.max(0.0) as usize));
        }
    }
}
