//! Time series over the recorded statements, with the cursor as a vertical line; clicking the
//! plot jumps to that step. Long histories are drawn from decimated series (lowest and highest
//! value per bucket of statements), computed once per history by the session.

use egui_plot::{Legend, Line, Plot, PlotPoints, VLine};

use crate::app::{Command, Session};

/// Draws the plots.
pub fn plots_ui(s: &Session, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    let snaps = s.snapshots();
    if snaps.is_empty() {
        ui.label("Nothing recorded yet.");
        return;
    }
    let height = (ui.available_height() / 2.0 - 10.0).max(120.0);
    let cursor = s.cursor() as f64;
    for (plot, title) in [(0u8, "memory"), (1, "generations")] {
        let r = Plot::new(title)
            .height(height)
            .legend(Legend::default())
            .x_axis_label("event")
            .show(ui, |p| {
                for (name, _, points) in s.plot_series().iter().filter(|(_, k, _)| *k == plot) {
                    p.line(Line::new(*name, PlotPoints::from(points.clone())));
                }
                p.vline(VLine::new("now", cursor));
                p.pointer_coordinate()
            });
        if r.response.clicked() {
            if let Some(pt) = r.inner {
                cmds.push(Command::Seek(pt.x.max(0.0) as usize));
            }
        }
    }
}
