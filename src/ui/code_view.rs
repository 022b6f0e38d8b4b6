//! The code panel: chapter list, the current chapter's narration, its prediction (asked before
//! the chapter runs, revealed after), its code in an editor (line numbers, Python highlighting,
//! the running line and an error's line marked; Ctrl+Enter re-runs), and what it printed.

use egui::{Color32, RichText};

use super::theme;
use crate::app::{editor::error_location, Command, SimApp};

/// Draws the code panel. It edits only the editor's text and the typed answer; everything
/// else goes through commands.
pub fn code_ui(app: &mut SimApp, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    let waiting = app.waiting_prediction();
    let SimApp {
        session: s,
        editor: ed,
        answers,
        answer_text,
        focus_editor,
        presenter,
        ..
    } = app;
    let presenter = *presenter;
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
                            cmds.push(Command::GoToChapter(i));
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
            let caption_size = if presenter {
                theme::PRESENTER_CAPTION
            } else {
                15.0
            };
            if !caption.is_empty() {
                ui.label(RichText::new(caption).size(caption_size));
            }
            let done = s.cursor() >= run.events.end;
            if s.stop_index() == 0 && s.stop_count() > 1 && waiting.is_none() {
                // The first screen says what to do.
                ui.add_space(4.0);
                ui.label(
                    RichText::new("\u{25B6} Press Space (or \u{2192}) to run the first statement")
                        .size(caption_size)
                        .strong()
                        .color(theme::SELECTED),
                );
            }
            if let Some(p) = step.prediction() {
                ui.add_space(4.0);
                prediction_ui(
                    p,
                    run.prediction.as_ref().map(|c| c.actual.as_str()),
                    answers.get(&chapter).map(String::as_str),
                    waiting == Some(chapter),
                    done,
                    caption_size,
                    answer_text,
                    ui,
                    cmds,
                );
            }
            if matches!(step, crate::scenario::Step::Chapter { .. }) {
                ui.separator();
                let running = (!done).then(|| s.code_line()).flatten();
                let offset = s.lesson.positions.get(chapter).map_or(0, |p| p.code_offset);
                let error = run
                    .error
                    .as_deref()
                    .and_then(|e| error_location(e, &s.lesson.path, offset));
                let edited = ed.is_edited(&s.lesson);
                let original = ed.differs_from_original(&s.lesson);
                let label = editor_toolbar(edited, original, presenter, ui, cmds);
                let focus = std::mem::take(focus_editor);
                if let Some(buffer) = ed.buffer_mut(chapter) {
                    let ran = steps[chapter].code() == buffer.as_str();
                    // Marks follow the code that ran; once it is edited they would point astray.
                    let marks = Marks {
                        running: running.filter(|_| ran),
                        error: error.map(|e| e.0).filter(|_| ran),
                        offset,
                    };
                    editor(buffer, chapter, &marks, focus, label, ui, cmds);
                }
            }
            if let Some(e) = &run.error {
                if done || s.cursor() + 1 >= run.events.end {
                    ui.label(
                        RichText::new(e.trim_end())
                            .monospace()
                            .color(theme::GARBAGE),
                    );
                }
            }
            if done && (!run.stdout.is_empty() || !run.stderr.is_empty()) {
                ui.separator();
                ui.label("Output:");
                if !run.stdout.is_empty() {
                    ui.label(RichText::new(run.stdout.trim_end()).monospace());
                }
                if !run.stderr.is_empty() && run.error.as_deref() != Some(run.stderr.as_str()) {
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

/// Re-run, restore, new, save; returns the id of the label naming the editor.
fn editor_toolbar(
    edited: bool,
    original: bool,
    presenter: bool,
    ui: &mut egui::Ui,
    cmds: &mut Vec<Command>,
) -> egui::Id {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(RichText::new("Code").strong()).id;
        let run =
            egui::Button::new(if edited { "Run edited code" } else { "Re-run" }).fill(if edited {
                theme::SELECTED.gamma_multiply(0.5)
            } else {
                Color32::TRANSPARENT
            });
        if ui
            .add(run)
            .on_hover_text("Play the program again from the start with this code (Ctrl+Enter)")
            .clicked()
        {
            cmds.push(Command::Rerun);
        }
        if presenter {
            return label;
        }
        if original
            && ui
                .button("Restore original")
                .on_hover_text("Drop the edits: back to the lesson as it was opened")
                .clicked()
        {
            cmds.push(Command::RestoreOriginal);
        }
        if ui
            .button("New program")
            .on_hover_text("A blank editor (Ctrl+N)")
            .clicked()
        {
            cmds.push(Command::NewProgram);
        }
        if ui
            .button("Save as...")
            .on_hover_text("Write the lesson as .py (cells) or .ron (Ctrl+S)")
            .clicked()
        {
            cmds.push(Command::SaveDialog);
        }
        if edited {
            ui.label(RichText::new("edited: Ctrl+Enter runs it").color(theme::SELECTED));
        }
        label
    })
    .inner
}

/// Lines to mark in the editor (1-based, in the chapter's code).
struct Marks {
    /// The statement running at the cursor.
    running: Option<u32>,
    /// Where the chapter's error points.
    error: Option<u32>,
    /// File lines before the chapter's code (for "run to this line").
    offset: u32,
}

/// The code as an editable text with a gutter of line numbers: clicking a number runs to that
/// line.
fn editor(
    buffer: &mut String,
    chapter: usize,
    marks: &Marks,
    focus: bool,
    label: egui::Id,
    ui: &mut egui::Ui,
    cmds: &mut Vec<Command>,
) {
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let theme = egui_extras::syntax_highlighting::CodeTheme::from_style(ui.style());
    let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, _wrap: f32| {
        let mut job = egui_extras::syntax_highlighting::highlight(
            ui.ctx(),
            ui.style(),
            &theme,
            text.as_str(),
            "py",
        );
        job.wrap.max_width = f32::INFINITY;
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let lines = buffer.lines().count().max(1);
    let digits = lines.to_string().len().max(2);
    let gutter = ui.fonts_mut(|f| f.glyph_width(&font, '0')) * (digits as f32 + 2.0);
    egui::ScrollArea::horizontal()
        .id_salt(("editor_scroll", chapter))
        .show(ui, |ui| {
            ui.horizontal_top(|ui| {
                ui.add_space(gutter);
                // Painted under the text: the running line's and the error line's bars.
                let under = ui.painter().add(egui::Shape::Noop);
                let out = egui::TextEdit::multiline(buffer)
                    .id_salt(("editor", chapter))
                    .code_editor()
                    .frame(egui::Frame::NONE)
                    .margin(egui::Margin::ZERO)
                    .desired_rows(lines)
                    .desired_width(f32::INFINITY)
                    .lock_focus(true)
                    .layouter(&mut layouter)
                    .show(ui);
                let response = out.response.response.clone().labelled_by(label);
                if focus {
                    response.request_focus();
                }
                let origin = out.galley_pos;
                let width = ui.available_width().max(out.response.rect.width()) + gutter;
                let mut bars = Vec::new();
                let painter = ui.painter();
                let mut row_rects = Vec::with_capacity(lines);
                for (i, row) in out.galley.rows.iter().enumerate() {
                    let rect = row.rect().translate(origin.to_vec2());
                    let n = i as u32 + 1;
                    let bar = egui::Rect::from_min_size(
                        egui::pos2(origin.x - gutter, rect.top()),
                        egui::vec2(width, rect.height()),
                    );
                    let (colour, number) = if marks.error == Some(n) {
                        (Some(theme::GARBAGE.gamma_multiply(0.35)), theme::GARBAGE)
                    } else if marks.running == Some(n) {
                        (Some(theme::SELECTED.gamma_multiply(0.3)), theme::SELECTED)
                    } else {
                        (None, ui.visuals().weak_text_color())
                    };
                    if let Some(c) = colour {
                        bars.push(egui::Shape::rect_filled(bar, 0.0, c));
                    }
                    let marker = if marks.running == Some(n) { ">" } else { " " };
                    painter.text(
                        egui::pos2(origin.x - 4.0, rect.center().y),
                        egui::Align2::RIGHT_CENTER,
                        format!("{n}{marker}"),
                        font.clone(),
                        number,
                    );
                    row_rects.push(rect);
                    if !row.ends_with_newline {
                        break;
                    }
                }
                ui.painter().set(under, egui::Shape::Vec(bars));
                // The gutter: a click runs to that line.
                if let (Some(first), Some(last)) = (row_rects.first(), row_rects.last()) {
                    let rect = egui::Rect::from_x_y_ranges(
                        origin.x - gutter..=origin.x,
                        first.top()..=last.bottom(),
                    );
                    let gutter = ui
                        .interact(
                            rect,
                            ui.make_persistent_id(("gutter", chapter)),
                            egui::Sense::click(),
                        )
                        .on_hover_text("Click a line number: run to that line");
                    if let Some(pos) = gutter.interact_pointer_pos().filter(|_| gutter.clicked()) {
                        if let Some(i) = row_rects.iter().position(|r| r.y_range().contains(pos.y))
                        {
                            cmds.push(Command::RunToLine(marks.offset + i as u32 + 1));
                        }
                    }
                }
            });
        });
}

/// The question, the ways to answer, what the class said, and once the chapter ran the truth.
#[allow(clippy::too_many_arguments)]
fn prediction_ui(
    p: &crate::scenario::Prediction,
    truth: Option<&str>,
    given: Option<&str>,
    waiting: bool,
    done: bool,
    size: f32,
    typed: &mut String,
    ui: &mut egui::Ui,
    cmds: &mut Vec<Command>,
) {
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(2.0, theme::SELECTED))
        .show(ui, |ui| {
            ui.label(RichText::new("Predict").strong().color(theme::SELECTED));
            let question = ui.label(RichText::new(&p.question).size(size)).id;
            if waiting {
                if p.choices.is_empty() {
                    ui.horizontal(|ui| {
                        let edit = ui
                            .add(
                                egui::TextEdit::singleline(typed)
                                    .hint_text("your answer, then Enter")
                                    .desired_width(160.0),
                            )
                            .labelled_by(question);
                        let enter =
                            edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                        if (ui.button("Answer").clicked() || enter) && !typed.trim().is_empty() {
                            cmds.push(Command::Answer(typed.clone()));
                        }
                    });
                } else {
                    ui.horizontal_wrapped(|ui| {
                        for (i, c) in p.choices.iter().enumerate() {
                            // The key to press, small, before the answer it picks.
                            ui.label(RichText::new(format!("{}:", i + 1)).weak());
                            let text = RichText::new(c).size(size * 0.9).strong();
                            if ui
                                .button(text)
                                .on_hover_text(format!("key {}", i + 1))
                                .clicked()
                            {
                                cmds.push(Command::Answer(c.clone()));
                            }
                            ui.add_space(8.0);
                        }
                    });
                }
                if ui.small_button("Skip").clicked() {
                    cmds.push(Command::SkipPrediction);
                }
                return;
            }
            let Some(given) = given else { return };
            if !done {
                let text = if given.is_empty() {
                    "Skipped. Step through the chapter to see the answer.".to_string()
                } else {
                    format!("Your prediction: {given}. Step through the chapter to see.")
                };
                ui.label(RichText::new(text).size(size * 0.8));
                return;
            }
            let Some(truth) = truth else { return };
            let verdict = if given.is_empty() {
                (String::new(), ui.visuals().text_color())
            } else if crate::scenario::Prediction::matches(given, truth) {
                ("  right!".to_string(), theme::generation(0))
            } else {
                (format!("  (you said {given})"), theme::GARBAGE)
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!("Answer: {truth}"))
                        .size(size)
                        .strong(),
                );
                if !verdict.0.is_empty() {
                    ui.label(RichText::new(verdict.0).size(size).color(verdict.1));
                }
            });
        });
}
