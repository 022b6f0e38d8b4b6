//! The code panel: chapter list, the current chapter's code with the running line highlighted,
//! its narration as a caption, and what it printed.

use egui::RichText;

use super::theme;
use crate::app::{Command, Session};

/// Draws the code panel.
pub fn code_ui(s: &Session, presenter: bool, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    let chapter = s.chapter();
    let steps = &s.lesson.scenario.steps;
    egui::ScrollArea::vertical()
        .id_salt("code_scroll")
        .show(ui, |ui| {
            if !presenter {
                ui.collapsing(format!("Chapters ({})", steps.len()), |ui| {
                    for (i, step) in steps.iter().enumerate() {
                        let text = format!("{}. {}", i + 1, step.title());
                        if ui.selectable_label(i == chapter, text).clicked() {
                            cmds.push(Command::Seek(s.chapter_start(i)));
                        }
                    }
                });
            }
            let Some((step, run)) = s.current_step() else {
                ui.label("This lesson has no steps.");
                return;
            };
            ui.heading(format!("{}. {}", chapter + 1, step.title()));
            let caption = step.narration();
            if !caption.is_empty() {
                let size = if presenter {
                    theme::PRESENTER_CAPTION
                } else {
                    15.0
                };
                ui.label(RichText::new(caption).size(size));
            }
            let code = step.code();
            if !code.is_empty() {
                ui.separator();
                let current = s.code_line();
                let at_end = s.cursor() >= run.events.end;
                for (i, line) in code.lines().enumerate() {
                    let n = i as u32 + 1;
                    let running = !at_end && current == Some(n);
                    let marker = if running { "> " } else { "  " };
                    let text = RichText::new(format!("{marker}{n:>3}  {line}")).monospace();
                    let label = if running {
                        egui::Label::new(
                            text.background_color(theme::SELECTED)
                                .color(egui::Color32::BLACK),
                        )
                    } else {
                        egui::Label::new(text)
                    };
                    let file_line =
                        s.lesson.positions.get(chapter).map_or(0, |p| p.code_offset) + n;
                    if ui
                        .add(label.sense(egui::Sense::click()))
                        .on_hover_text("Click: run to this line")
                        .clicked()
                    {
                        cmds.push(Command::RunToLine(file_line));
                    }
                }
            }
            let done = s.cursor() >= run.events.end;
            if done && (!run.stdout.is_empty() || !run.stderr.is_empty()) {
                ui.separator();
                ui.label("Output:");
                if !run.stdout.is_empty() {
                    ui.label(RichText::new(run.stdout.trim_end()).monospace());
                }
                if !run.stderr.is_empty() {
                    ui.label(
                        RichText::new(run.stderr.trim_end())
                            .monospace()
                            .color(theme::GARBAGE),
                    );
                }
            }
            if done {
                for c in &run.checks {
                    let mark = if c.ok { "ok" } else { "FAILED" };
                    ui.label(RichText::new(format!("check {mark}: {}", c.what)).small());
                }
            }
        });
}
