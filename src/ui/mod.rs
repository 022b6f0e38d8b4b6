//! The views. Each `*_ui` function reads the session (never mutates it) and pushes
//! [`Command`]s; [`app_ui`] lays the panels out, listens for shortcuts, and applies the commands
//! at the end of the frame.

mod code_view;
pub mod export;
mod gc_view;
mod graph_view;
mod heap_view;
mod log_view;
pub mod motion;
mod plots_view;
pub mod raster;
pub mod theme;
pub mod timeline_view;
#[cfg(all(unix, not(target_os = "macos"), not(target_arch = "wasm32")))]
pub mod x11_focus;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::app::{Command, ExportKind, SidePanel, SimApp, BUNDLED};
use crate::engine::config::PyVersion;
use crate::scenario::Panel;

/// Every shortcut, with its command and its description (the help overlay lists this table).
pub const SHORTCUTS: &[(KeyboardShortcut, &str)] = &[
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::Space),
        "forward one statement",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::ArrowRight),
        "forward one statement",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::ArrowLeft),
        "back one statement",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::Backspace),
        "back one statement",
    ),
    (
        KeyboardShortcut::new(Modifiers::SHIFT, Key::ArrowRight),
        "forward one event",
    ),
    (
        KeyboardShortcut::new(Modifiers::SHIFT, Key::ArrowLeft),
        "back one event",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::PageDown),
        "next chapter",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::PageUp),
        "previous chapter",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::G),
        "run to the next collection",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::A),
        "run to the next arena change",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::Home),
        "reset to the start",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::End),
        "go to the end",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::P),
        "play / pause",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::F5),
        "presenter mode",
    ),
    (KeyboardShortcut::new(Modifiers::NONE, Key::F1), "this help"),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::Num1),
        "show the heap map",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::Num2),
        "show the object graph",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::Num3),
        "show the plots",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::Num4),
        "show the event log",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::O),
        "open a file",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::T),
        "light / dark theme",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::C),
        "show / hide the code panel",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::I),
        "show / hide the GC panel and inspector",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::Z),
        "enlarge the middle panel / restore",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter),
        "run the edited code from the start",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::S),
        "save the lesson as .py or .ron",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::N),
        "new program",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::F),
        "presenter mode (also in a browser, where F5 reloads the page)",
    ),
];

fn command_for(index: usize) -> Command {
    match index {
        0 | 1 => Command::StepForward,
        2 | 3 => Command::StepBack,
        4 => Command::EventForward,
        5 => Command::EventBack,
        6 => Command::ChapterForward,
        7 => Command::ChapterBack,
        8 => Command::RunToNextGc,
        9 => Command::RunToNextArenaChange,
        10 => Command::Reset,
        11 => Command::ToEnd,
        12 => Command::TogglePlay,
        13 => Command::TogglePresenter,
        14 => Command::ToggleHelp,
        15 => Command::Focus(Panel::Heap),
        16 => Command::Focus(Panel::Graph),
        17 => Command::Focus(Panel::Plots),
        18 => Command::Focus(Panel::Log),
        19 => Command::OpenDialog,
        20 => Command::ToggleTheme,
        21 => Command::TogglePanel(SidePanel::Code),
        22 => Command::TogglePanel(SidePanel::Gc),
        23 => Command::ToggleEnlarge,
        24 => Command::Rerun,
        25 => Command::SaveDialog,
        26 => Command::NewProgram,
        _ => Command::TogglePresenter,
    }
}

/// Keys 1 to 9 pick a choice while a prediction waits (instead of switching panels).
fn answer_keys(app: &SimApp, ui: &egui::Ui, out: &mut Vec<Command>) {
    if ui.ctx().text_edit_focused() {
        return;
    }
    let Some(chapter) = app.waiting_prediction() else {
        return;
    };
    let choices = app
        .session
        .lesson
        .scenario
        .steps
        .get(chapter)
        .and_then(|s| s.prediction())
        .map_or(&[][..], |p| &p.choices[..]);
    const KEYS: [Key; 9] = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    for (key, choice) in KEYS.iter().zip(choices) {
        if ui.input_mut(|i| i.consume_key(Modifiers::NONE, *key)) {
            out.push(Command::Answer(choice.clone()));
        }
    }
}

/// Shortcuts are read outside any widget, except single keys while a text field has focus.
fn listen(ui: &egui::Ui, inbox: &crate::app::files::Inbox, out: &mut Vec<Command>) {
    let typing = ui.ctx().text_edit_focused();
    for (i, (shortcut, _)) in SHORTCUTS.iter().enumerate() {
        if typing
            && (shortcut.modifiers == Modifiers::NONE || shortcut.modifiers == Modifiers::SHIFT)
        {
            continue;
        }
        if ui.input_mut(|inp| inp.consume_shortcut(shortcut)) {
            out.push(command_for(i));
        }
    }
    let dropped = ui.input_mut(|i| std::mem::take(&mut i.raw.dropped_files));
    for f in &dropped {
        crate::app::files::open_dropped(f, inbox);
    }
}

/// Draws the whole app for one frame and applies the commands it produced.
pub fn app_ui(app: &mut SimApp, ui: &mut egui::Ui) {
    app.frames += 1;
    theme::install_fonts(ui.ctx());
    // Presenter mode: full screen and everything larger (captions 17 x 1.85 = 31 px, body text 13 x 1.85 = 24 px).
    let zoom = if app.presenter {
        theme::PRESENTER_ZOOM
    } else {
        1.0
    };
    if ui.ctx().zoom_factor() != zoom {
        ui.ctx().set_zoom_factor(zoom);
        // A page cannot do this (eframe's web runner ignores it): the page asks the browser
        // for full screen itself (src/web.rs).
        #[cfg(not(target_arch = "wasm32"))]
        ui.ctx()
            .send_viewport_cmd(egui::ViewportCommand::Fullscreen(app.presenter));
    }
    if let Some(path) = app.screenshot_to.take() {
        let tx = app.messages.0.clone();
        ui.ctx().request_screenshot(move |image| {
            let msg = crate::app::write_png(&path, &image).unwrap_or_else(|e| e);
            let _ = tx.send(msg);
        });
    }
    if let Some((path, chapter)) = app.export_to.take() {
        // The window's size, so that the slides look like the screen.
        let size = ui.ctx().content_rect().size() * ui.ctx().pixels_per_point();
        let opts = export::ExportOptions {
            size: [
                (size.x as usize).clamp(64, 4096),
                (size.y as usize).clamp(64, 4096),
            ],
            chapter,
            presenter: app.presenter,
            ..Default::default()
        };
        match export::export(app, &path, &opts) {
            Ok(r) => {
                app.status = format!(
                    "{}: {} frames, {:.1} KiB",
                    r.done,
                    r.frames,
                    r.bytes as f64 / 1024.0
                );
            }
            Err(e) => app.error = Some(e),
        }
    }
    while let Ok(msg) = app.messages.1.try_recv() {
        app.status = msg;
    }
    ui.ctx().set_theme(if app.settings.dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
    if app.loading.is_some() {
        // A long run goes on a slice at a time, leaving the window responsive (and its Stop
        // button clickable) between frames; meanwhile the window shows its progress alone, a
        // frame cheap to draw, so that the run gets most of the time.
        let budget = work_budget(ui.ctx());
        let start = web_time::Instant::now();
        app.work(&mut || start.elapsed() >= budget);
        let worked = start.elapsed().as_secs_f32();
        ui.ctx()
            .data_mut(|d| d.insert_temp(egui::Id::unique("worked"), worked));
        ui.ctx().request_repaint();
        if let Some(loading) = &app.loading {
            let mut cmds = Vec::new();
            egui::CentralPanel::default_margins().show(ui, |ui| running_ui(loading, ui, &mut cmds));
            for c in cmds {
                app.apply(c);
            }
            return;
        }
    }
    let dt = ui.input(|i| i.stable_dt).min(0.25);
    app.tick(dt);
    if app.playing {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(30));
    }
    let mut cmds = std::mem::take(&mut app.pending);
    if app.loading.is_none() {
        answer_keys(app, ui, &mut cmds);
        listen(ui, &app.inbox, &mut cmds);
    }
    app.session.heap_summary();
    if let Some(other) = &mut app.compare {
        other.heap_summary();
    }

    egui::Panel::top("toolbar").show(ui, |ui| toolbar_ui(app, ui, &mut cmds));
    egui::Panel::bottom("command_line").show(ui, |ui| command_line_ui(app, ui, &mut cmds));
    if app.panel_shown(SidePanel::Gc) {
        egui::Panel::right("gc_panel")
            .default_size(300.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("right_scroll")
                    .show(ui, |ui| {
                        // The collector once: presenter mode puts it in the middle when the
                        // chapter is about it.
                        if !(app.presenter && app.focus == Panel::Gc && app.compare.is_none()) {
                            gc_view::gc_ui(&app.session, ui);
                            ui.separator();
                        }
                        inspector_ui(app, ui, &mut cmds);
                    });
            });
    }
    if app.panel_shown(SidePanel::Code) {
        egui::Panel::left("code_panel")
            .default_size(if app.presenter { 430.0 } else { 400.0 })
            .resizable(true)
            .show(ui, |ui| code_view::code_ui(app, ui, &mut cmds));
    }
    egui::CentralPanel::default_margins().show(ui, |ui| match &app.compare {
        None => stage_ui(app, ui, &mut cmds),
        Some(other) => {
            // The split view: one panel for both presets, at the same chapter and statement.
            ui.horizontal(|ui| {
                for (p, name) in [
                    (Panel::Heap, "Heap map"),
                    (Panel::Graph, "Object graph"),
                    (Panel::Plots, "Plots"),
                    (Panel::Log, "Event log"),
                ] {
                    if ui
                        .selectable_label(shown_in_split(app.focus) == p, name)
                        .clicked()
                    {
                        cmds.push(Command::Focus(p));
                    }
                }
            });
            ui.separator();
            ui.columns(2, |cols| {
                for (col, s) in cols.iter_mut().zip([&app.session, other]) {
                    col.push_id(s.played.interp.heap.config.version.minor, |ui| {
                        ui.strong(format!("Python {}", s.played.interp.heap.config.version));
                        panel_ui(s, app, shown_in_split(app.focus), ui, &mut cmds);
                    });
                }
            });
        }
    });
    if app.show_help {
        help_ui(ui, &mut cmds);
    }
    if let Some(err) = app.error.clone() {
        egui::Window::new("Something went wrong")
            .collapsible(false)
            .show(ui, |ui| {
                ui.label(err);
                if ui.button("Close").clicked() {
                    app.error = None;
                }
            });
    }
    app.pending = cmds;
    app.apply_pending();
    if app.export_to.is_some() || app.screenshot_to.is_some() {
        ui.ctx().request_repaint();
    }
}

/// How long a frame spends running a long program before it is drawn: four times what the
/// last frame spent on everything else (drawing, the browser), at least 50 ms and at most
/// 250 ms — the run gets about 80 % of the time and a progress bar 4 to 15 frames a second.
fn work_budget(ctx: &egui::Context) -> std::time::Duration {
    let worked: f32 = ctx
        .data(|d| d.get_temp(egui::Id::unique("worked")))
        .unwrap_or(0.0);
    let frame = ctx.input(|i| i.unstable_dt);
    let rest = (frame - worked).max(0.0);
    std::time::Duration::from_secs_f32((4.0 * rest).clamp(0.05, 0.25))
}

/// What the window shows while a program runs on its way to the screen: what runs, how far
/// it got, and Stop (Escape), which keeps what ran so far.
fn running_ui(loading: &crate::app::Loading, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() / 4.0);
        ui.set_max_width(560.0);
        for run in loading.runs() {
            let (steps, done, chapters, bytes) = run.progress();
            ui.heading(format!(
                "Running {} on Python {}",
                run.lesson().path,
                run.version()
            ));
            let chapter = if chapters > 1 {
                format!("chapter {} of {chapters} · ", (done + 1).min(chapters))
            } else {
                String::new()
            };
            ui.label(format!(
                "{chapter}{} steps · {:.1} MiB of simulated memory",
                group_digits(steps),
                bytes as f64 / (1024.0 * 1024.0)
            ));
            // The share of the step limit: the most this run can take.
            let limit = run.step_limit() as f32;
            ui.add(egui::ProgressBar::new(steps as f32 / limit.max(1.0)).show_percentage());
            ui.add_space(12.0);
        }
        ui.label(format!(
            "A run stops by itself after {} steps (a statement or a loop iteration each).",
            group_digits(loading.runs().map(|r| r.step_limit()).max().unwrap_or(0))
        ));
        ui.add_space(8.0);
        let stop = ui
            .button("Stop here (Esc)")
            .on_hover_text("Show the program as far as it ran");
        if stop.clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
            cmds.push(Command::StopRun);
        }
    });
}

/// `1234567` as `1 234 567`.
pub(crate) fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// CPU time of whole frames (layout, painting, tessellation) drawn headlessly with `panel`
/// in the middle, for the benchmark; seconds per frame.
pub fn headless_frame_times(app: &mut SimApp, panel: Panel, frames: usize) -> Vec<f64> {
    let ctx = egui::Context::default();
    app.focus = panel;
    let mut times = Vec::with_capacity(frames);
    for _ in 0..frames {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1600.0, 1000.0),
            )),
            ..Default::default()
        };
        let start = std::time::Instant::now();
        let out = ctx.run_ui(input, |ui| app_ui(app, ui));
        let primitives = ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(primitives);
        times.push(start.elapsed().as_secs_f64());
    }
    times
}

/// The panel the split view shows for a lesson's focus (the code and the collector are
/// beside it already).
fn shown_in_split(focus: Panel) -> Panel {
    match focus {
        Panel::Code | Panel::Gc => Panel::Heap,
        p => p,
    }
}

/// The stage: the object graph with its frames above, the heap map below (each resizable),
/// and a drawer at the bottom for the plots and the event log, open when the lesson or the
/// user asks for one of them. The code and the collector are the side panels.
fn stage_ui(app: &SimApp, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    let s = &app.session;
    if app.presenter {
        // For a projector: the chapter's one view, as large as the room needs.
        let panel = match app.focus {
            Panel::Code => Panel::Graph,
            p => p,
        };
        panel_ui(s, app, panel, ui, cmds);
        return;
    }
    let height = ui.available_height();
    let drawer = matches!(app.focus, Panel::Plots | Panel::Log);
    egui::Panel::bottom("drawer")
        .resizable(drawer)
        .default_size(height * 0.32)
        .min_size(if drawer { 120.0 } else { 0.0 })
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                for (p, name) in [(Panel::Plots, "Plots"), (Panel::Log, "Event log")] {
                    if ui
                        .selectable_label(app.focus == p, name)
                        .on_hover_text("Open or close the drawer")
                        .clicked()
                    {
                        cmds.push(Command::Focus(if app.focus == p {
                            Panel::Graph
                        } else {
                            p
                        }));
                    }
                }
            });
            if drawer {
                ui.separator();
                panel_ui(s, app, app.focus, ui, cmds);
            }
        });
    // The heap takes 30–75 % of the stage (at least half when the chapter is about it); the
    // user drags the border within that.
    let rest = ui.available_height();
    let least = if app.focus == Panel::Heap { 0.5 } else { 0.3 };
    egui::Panel::bottom("stage_heap")
        .resizable(true)
        .default_size(rest * 0.42)
        .size_range(rest * least..=rest * 0.75)
        .show(ui, |ui| {
            ui.strong("Heap map");
            panel_ui(s, app, Panel::Heap, ui, cmds);
        });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        ui.strong("Object graph");
        panel_ui(s, app, Panel::Graph, ui, cmds);
    });
}

fn panel_ui(
    s: &crate::app::Session,
    app: &SimApp,
    panel: Panel,
    ui: &mut egui::Ui,
    cmds: &mut Vec<Command>,
) {
    match panel {
        Panel::Graph => {
            let compare = !std::ptr::eq(s, &app.session);
            graph_view::graph_ui(
                s,
                compare,
                app.selection,
                app.presenter,
                app.settings.speed,
                ui,
                cmds,
            )
        }
        Panel::Plots => plots_view::plots_ui(s, ui, cmds),
        Panel::Log => log_view::log_ui(s, ui),
        Panel::Gc => gc_view::gc_ui(s, ui),
        Panel::Heap | Panel::Code => heap_view::heap_ui(
            s,
            app.selection,
            app.settings.dark,
            app.settings.speed,
            ui,
            cmds,
        ),
    }
}

/// A toolbar button showing an icon: its accessible name (what a screen reader says, and what
/// tests find it by) is `name`; hovering shows the name and the shortcut.
fn icon_button(
    ui: &mut egui::Ui,
    icon: &str,
    name: &str,
    shortcut: &str,
    selected: Option<bool>,
) -> egui::Response {
    let text = egui::RichText::new(icon).size(18.0);
    let button = match selected {
        Some(on) => egui::Button::selectable(on, text),
        None => egui::Button::new(text),
    };
    let hint = if shortcut.is_empty() {
        name.to_string()
    } else {
        format!("{name} ({shortcut})")
    };
    let r = ui.add(button.min_size(egui::vec2(28.0, 26.0)));
    r.widget_info(|| {
        let mut info = egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, name);
        info.selected = selected;
        info
    });
    r.on_hover_text(hint)
}

/// The stepping buttons, the speed and the run-to buttons (presenter mode shows only these and
/// the view toggles).
fn toolbar_buttons(app: &SimApp, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    use theme::icon;
    ui.separator();
    let all = !app.presenter;
    for (glyph, name, key, cmd, shown) in [
        (icon::RESET, "Reset", "Home", Command::Reset, true),
        (
            icon::CHAPTER_BACK,
            "Previous chapter",
            "PageUp",
            Command::ChapterBack,
            all,
        ),
        (
            icon::BACK,
            "Back one statement",
            "Left",
            Command::StepBack,
            true,
        ),
        (
            icon::STEP,
            "Step forward",
            "Space",
            Command::StepForward,
            true,
        ),
        (
            icon::CHAPTER_FORWARD,
            "Next chapter",
            "PageDown",
            Command::ChapterForward,
            true,
        ),
        (icon::END, "End", "End", Command::ToEnd, all),
    ] {
        if shown && icon_button(ui, glyph, name, key, None).clicked() {
            cmds.push(cmd);
        }
    }
    let (glyph, name) = if app.playing {
        (icon::PAUSE, "Pause")
    } else {
        (icon::PLAY, "Play")
    };
    if icon_button(ui, glyph, name, "P", None).clicked() {
        cmds.push(Command::TogglePlay);
    }
    // In front of a class: stepping only (the keyboard still has everything).
    if app.presenter {
        return;
    }
    let mut speed = app.settings.speed;
    ui.spacing_mut().slider_width = 50.0;
    if ui
        .add(
            egui::Slider::new(&mut speed, 0.25..=20.0)
                .logarithmic(true)
                .max_decimals(1)
                .suffix("/s"),
        )
        .on_hover_text("statements per second while playing")
        .changed()
    {
        cmds.push(Command::SetSpeed(speed));
    }
    ui.separator();
    for (glyph, name, key, cmd) in [
        (
            icon::GC,
            "Next GC",
            "G: to the end of the next collection",
            Command::RunToNextGc,
        ),
        (
            icon::ARENA,
            "Next arena change",
            "A: to the next arena mapped or released",
            Command::RunToNextArenaChange,
        ),
    ] {
        if icon_button(ui, glyph, name, key, None).clicked() {
            cmds.push(cmd);
        }
    }
}

/// The view toggles, help, theme and exports, at the right end of the toolbar.
fn toolbar_views(app: &SimApp, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    use theme::icon;
    // Right to left: the first one added is the rightmost.
    if !app.presenter {
        // In front of a class the toolbar stays short: exports are for preparing.
        ui.menu_button(format!("{} Export", icon::EXPORT), |ui| {
            for (label, kind) in [
                ("PNG of this view...", ExportKind::Png),
                ("GIF of this chapter...", ExportKind::Gif),
                ("APNG of this chapter...", ExportKind::Apng),
                ("PNGs of every step...", ExportKind::Folder),
                ("CSV of the timeline...", ExportKind::Csv),
            ] {
                let possible = kind != ExportKind::Folder || crate::app::files::CAN_PICK_FOLDER;
                if ui
                    .add_enabled(possible, egui::Button::new(label))
                    .on_disabled_hover_text("A browser page cannot write a folder")
                    .clicked()
                {
                    cmds.push(Command::ExportDialog(kind));
                }
            }
        });
    }
    // A link needs a page to point to: only in the browser.
    if cfg!(target_arch = "wasm32") && icon_button(ui, icon::LINK, "Copy link", "", None).clicked()
    {
        cmds.push(Command::CopyLink);
    }
    let (glyph, name) = if app.settings.dark {
        (icon::SUN, "Light theme")
    } else {
        (icon::MOON, "Dark theme")
    };
    if !app.presenter && icon_button(ui, glyph, name, "Ctrl+T", None).clicked() {
        cmds.push(Command::ToggleTheme);
    }
    if icon_button(ui, icon::HELP, "Help", "F1", Some(app.show_help)).clicked() {
        cmds.push(Command::ToggleHelp);
    }
    if !app.presenter
        && icon_button(ui, icon::ENLARGE, "Enlarge", "Z", Some(app.enlarged)).clicked()
    {
        cmds.push(Command::ToggleEnlarge);
    }
    for (panel, glyph, name, key) in [
        (SidePanel::Gc, icon::GC_PANEL, "GC panel", "I"),
        (SidePanel::Code, icon::CODE, "Code panel", "C"),
    ] {
        if icon_button(ui, glyph, name, key, Some(app.panel_shown(panel))).clicked() {
            cmds.push(Command::TogglePanel(panel));
        }
    }
    if icon_button(
        ui,
        icon::PRESENTER,
        "Presenter",
        "F5 or F",
        Some(app.presenter),
    )
    .clicked()
    {
        cmds.push(Command::TogglePresenter);
    }
}

/// The bundled lessons, Open..., and the recent files.
fn lessons_menu(app: &SimApp, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    ui.menu_button(format!("{} Lessons", theme::icon::LESSONS), |ui| {
        if ui.button("Open...").clicked() {
            cmds.push(Command::OpenDialog);
        }
        ui.separator();
        for (name, text) in BUNDLED {
            let title = crate::scenario::Lesson::from_text(name, text)
                .map(|l| l.scenario.title)
                .unwrap_or_else(|_| (*name).into());
            if ui.button(title).clicked() {
                cmds.push(Command::OpenText(
                    format!("scenarios/{name}"),
                    (*text).to_string(),
                ));
            }
        }
        if !app.settings.recent.is_empty() {
            ui.separator();
            for p in &app.settings.recent {
                if ui.button(p.display().to_string()).clicked() {
                    cmds.push(Command::Open(p.clone()));
                }
            }
        }
    })
    .response
    .on_hover_text(format!(
        "Open a lesson (now: {})",
        app.session.lesson.scenario.title
    ));
}

fn toolbar_ui(app: &SimApp, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    use theme::icon;
    let s = &app.session;
    // A projector's 1280 points: shorter title, icon-only split-view menu.
    let width = ui.available_width();
    let narrow = width < 1500.0;
    ui.horizontal(|ui| {
        if !app.presenter {
            lessons_menu(app, ui, cmds);
        }
        let title = &s.lesson.scenario.title;
        // In a page the link button takes the room of about seven more characters.
        // Below a projector's width (a 1200-point window) the title gives way to the buttons
        // (the Lessons button's tooltip still names the lesson).
        let room = match (narrow, cfg!(target_arch = "wasm32")) {
            (false, _) => 40,
            (true, _) if width < 1270.0 => 0,
            (true, false) => 20,
            (true, true) => 13,
        };
        if room > 0 {
            let short: String = if title.chars().count() > room {
                title.chars().take(room - 1).chain(['\u{2026}']).collect()
            } else {
                title.clone()
            };
            ui.strong(short).on_hover_text(title);
        }
        let version = s.played.interp.heap.config.version;
        let shown = format!("Python {version}");
        let combo = egui::ComboBox::new("version", "")
            .selected_text(&shown)
            .show_ui(ui, |ui| {
                for minor in PyVersion::SUPPORTED {
                    let v = PyVersion { minor };
                    if ui
                        .selectable_label(v == version, format!("Python {v}"))
                        .clicked()
                        && v != version
                    {
                        cmds.push(Command::SetVersion(v));
                    }
                }
            });
        // No visible label (the text says it all); screen readers hear "version".
        combo.response.widget_info(|| {
            let mut info =
                egui::WidgetInfo::labeled(egui::accesskit::Role::ComboBox, true, "version");
            info.current_text_value = Some(shown.clone());
            info
        });
        combo
            .response
            .on_hover_text("The CPython version the lesson plays on");
        let compared = app
            .compare
            .as_ref()
            .map(|c| c.played.interp.heap.config.version);
        if !app.presenter || compared.is_some() {
            let text = match compared {
                Some(v) if width < 1270.0 => format!("{} {v}", icon::COMPARE),
                Some(v) => format!("{} with {v}", icon::COMPARE),
                None if narrow => icon::COMPARE.to_string(),
                None => format!("{} Compare", icon::COMPARE),
            };
            ui.menu_button(text, |ui| {
                if ui
                    .selectable_label(compared.is_none(), "no split view")
                    .clicked()
                {
                    cmds.push(Command::Compare(None));
                }
                for minor in PyVersion::SUPPORTED {
                    let v = PyVersion { minor };
                    if ui
                        .selectable_label(compared == Some(v), format!("side by side with {v}"))
                        .clicked()
                    {
                        cmds.push(Command::Compare(Some(v)));
                    }
                }
            })
            .response
            .on_hover_text("The same lesson on a second version, side by side");
        }
        toolbar_buttons(app, ui, cmds);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            toolbar_views(app, ui, cmds);
        });
    });
    timeline_view::timeline_ui(s, ui, cmds);
}

fn command_line_ui(app: &mut SimApp, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let prompt = ui.label(">>>").on_hover_text("Python command line");
        // Right to left: the buttons keep their room, the text field takes the rest.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            for g in (0..3).rev() {
                if ui.button(format!("gc.collect({g})")).clicked() {
                    cmds.push(Command::RunStatement(format!("import gc\ngc.collect({g})")));
                }
            }
            if ui.button("Run").clicked() {
                cmds.push(Command::RunStatement(std::mem::take(&mut app.command_text)));
            }
            let edit = egui::TextEdit::singleline(&mut app.command_text)
                .hint_text("type a Python statement and press Enter")
                .desired_width(ui.available_width());
            let response = ui.add(edit).labelled_by(prompt.id);
            if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                cmds.push(Command::RunStatement(std::mem::take(&mut app.command_text)));
            }
        });
    });
    if !app.status.is_empty() {
        ui.label(&app.status);
    }
}

fn inspector_ui(app: &SimApp, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    ui.heading("Inspector");
    let s = &app.session;
    match app.selection {
        crate::app::Selection::None => {
            ui.label("Click an object in the graph or a pool in the heap map.");
        }
        crate::app::Selection::Object(slot) => {
            let view = s.timeline.view();
            let Some(o) = view.objects.get(&slot) else {
                ui.label(format!("Object #{slot} does not exist at this step."));
                return;
            };
            let node = s
                .snapshot()
                .and_then(|sn| sn.graph.as_ref())
                .and_then(|g| g.nodes.iter().find(|n| n.id.0 == slot));
            ui.label(format!(
                "object #{slot}: {}",
                node.map_or(o.ty.name(), |n| n.type_name.as_str())
            ));
            if let Some(n) = node {
                if !n.label.is_empty() {
                    ui.label(format!("value: {}", n.label));
                }
                ui.label(format!("block: {:#x} ({} bytes asked)", n.block, n.size));
            }
            ui.label(format!("address (id): {:#x}", o.addr));
            ui.label(format!("refcount: {}", o.refcnt));
            ui.label(match o.generation {
                255 => "not tracked by the GC".to_string(),
                3 => "permanent generation (frozen)".to_string(),
                g => format!("generation {g}"),
            });
            let pool = o.addr - o.addr % s.pool_size();
            if s.timeline.view().pools.contains_key(&pool) {
                ui.label(format!("pool: {pool:#x}"));
                if ui.button("Show its pool").clicked() {
                    cmds.push(Command::Select(crate::app::Selection::Pool(pool)));
                    cmds.push(Command::Focus(Panel::Heap));
                }
            } else {
                ui.label("memory: static or system malloc (no pool)");
            }
        }
        crate::app::Selection::Pool(addr) => {
            let view = s.timeline.view();
            match view.pools.get(&addr) {
                Some(&szidx) => {
                    let size = crate::app::session::Session::class_size(szidx);
                    let used = view
                        .blocks
                        .keys()
                        .filter(|&&b| b >= addr && b < addr + s.pool_size())
                        .count();
                    ui.label(format!("pool {addr:#x}"));
                    ui.label(format!("size class {szidx}: {size}-byte blocks"));
                    ui.label(format!(
                        "{used} of {} blocks in use",
                        s.blocks_per_pool(szidx)
                    ));
                }
                None => {
                    ui.label(format!("pool {addr:#x} is not carved at this step"));
                }
            }
        }
    }
}

fn help_ui(ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
    egui::Window::new("Keyboard shortcuts")
        .collapsible(false)
        .show(ui, |ui| {
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for (s, what) in SHORTCUTS {
                    ui.label(ui.ctx().format_shortcut(s));
                    ui.label(*what);
                    ui.end_row();
                }
            });
            if ui.button("Close").clicked() {
                cmds.push(Command::ToggleHelp);
            }
        });
}
