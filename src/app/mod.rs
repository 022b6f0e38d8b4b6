//! The desktop app's glue: [`SimApp`] owns the [`Session`] and the settings, collects the
//! [`Command`]s that views and shortcuts emit while a frame is drawn, and applies them once at
//! the end of the frame. Nothing else mutates the session.

pub mod graph_layout;
pub mod session;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use session::Session;

use crate::engine::config::PyVersion;
use crate::engine::event::Event;
use crate::scenario::{Lesson, Panel};

/// The lessons shipped inside the binary (the gallery), in order.
pub const BUNDLED: &[(&str, &str)] = &[
    ("00_tour.ron", include_str!("../../scenarios/00_tour.ron")),
    (
        "01_private_heap.ron",
        include_str!("../../scenarios/01_private_heap.ron"),
    ),
    (
        "02_size_classes.ron",
        include_str!("../../scenarios/02_size_classes.ron"),
    ),
    ("03_pools.ron", include_str!("../../scenarios/03_pools.ron")),
    (
        "04_arenas.ron",
        include_str!("../../scenarios/04_arenas.ron"),
    ),
    (
        "05_refcounting.ron",
        include_str!("../../scenarios/05_refcounting.ron"),
    ),
    (
        "06_dealloc_cascade.ron",
        include_str!("../../scenarios/06_dealloc_cascade.ron"),
    ),
    (
        "07_cycles.ron",
        include_str!("../../scenarios/07_cycles.ron"),
    ),
    (
        "08_generations.ron",
        include_str!("../../scenarios/08_generations.ron"),
    ),
    (
        "09_inside_a_collection.ron",
        include_str!("../../scenarios/09_inside_a_collection.ron"),
    ),
    (
        "10_finalizers.ron",
        include_str!("../../scenarios/10_finalizers.ron"),
    ),
    (
        "11_weakrefs.ron",
        include_str!("../../scenarios/11_weakrefs.ron"),
    ),
    (
        "12_freelists_immortals.ron",
        include_str!("../../scenarios/12_freelists_immortals.ron"),
    ),
    (
        "13_freeze_disable.ron",
        include_str!("../../scenarios/13_freeze_disable.ron"),
    ),
    (
        "14_versions.ron",
        include_str!("../../scenarios/14_versions.ron"),
    ),
    (
        "15_allocator_domains.ron",
        include_str!("../../scenarios/15_allocator_domains.ron"),
    ),
];

/// Everything the user can ask for. Views and shortcuts push these; [`SimApp::apply`] runs them.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Forward one statement.
    StepForward,
    /// Back one statement.
    StepBack,
    /// Forward one event.
    EventForward,
    /// Back one event.
    EventBack,
    /// Start of the next chapter.
    ChapterForward,
    /// Start of this (or the previous) chapter.
    ChapterBack,
    /// Jump to an event index.
    Seek(usize),
    /// To the end of the next collection.
    RunToNextGc,
    /// To the next arena mapped or released.
    RunToNextArenaChange,
    /// To the next time this file line starts running (a breakpoint).
    RunToLine(u32),
    /// To the start.
    Reset,
    /// To the end.
    ToEnd,
    /// Start or stop auto-play.
    TogglePlay,
    /// Statements per second while playing.
    SetSpeed(f32),
    /// Open a lesson or program file.
    Open(PathBuf),
    /// Open a lesson from text (bundled lessons, dropped file contents).
    OpenText(String, String),
    /// Replay the lesson on another CPython version.
    SetVersion(PyVersion),
    /// Run Python at the end of the lesson.
    RunStatement(String),
    /// Select an object, pool or arena.
    Select(Selection),
    /// Bring a panel forward.
    Focus(Panel),
    /// Presenter mode on or off.
    TogglePresenter,
    /// Show or hide a side panel (in the current mode: presenter or not).
    TogglePanel(SidePanel),
    /// The middle panel alone (both side panels hidden), or back.
    ToggleEnlarge,
    /// The shortcut overlay on or off.
    ToggleHelp,
    /// Dark or light.
    ToggleTheme,
    /// Write the timeline statistics as CSV.
    ExportCsv(PathBuf),
    /// Save the window as it looks now as a PNG image.
    ExportPng(PathBuf),
    /// Show the lesson on a second preset side by side (`None` closes the split view).
    Compare(Option<PyVersion>),
    /// Ask for a file with the open dialog.
    OpenDialog,
    /// Something done to a session's graph view (the split view's second one when `compare`).
    Graph {
        /// For the split view's second preset.
        compare: bool,
        /// What was done.
        cmd: graph_layout::GraphCommand,
    },
}

/// The panels beside the middle one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SidePanel {
    /// Code, narration and output, left.
    Code,
    /// The GC panel and the inspector, right.
    Gc,
}

/// What is selected, in any view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Selection {
    /// Nothing.
    #[default]
    None,
    /// An object (its slot).
    Object(u32),
    /// A pool (its address).
    Pool(u64),
}

/// Settings kept between runs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    /// Dark theme.
    pub dark: bool,
    /// Statements per second while playing.
    pub speed: f32,
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    /// The panel shown in the middle.
    pub focus: String,
    /// Side panels shown (code, GC and inspector) outside presenter mode.
    pub panels: (bool, bool),
    /// Side panels shown in presenter mode.
    pub presenter_panels: (bool, bool),
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            dark: true,
            speed: 2.0,
            recent: Vec::new(),
            focus: "Heap".into(),
            panels: (true, true),
            presenter_panels: (true, false),
        }
    }
}

/// The app.
pub struct SimApp {
    /// The lesson on screen.
    pub session: Session,
    /// Persisted preferences.
    pub settings: Settings,
    /// The panel in the middle.
    pub focus: Panel,
    /// What is selected.
    pub selection: Selection,
    /// Auto-play on.
    pub playing: bool,
    /// Seconds accumulated towards the next auto-play step.
    pub play_clock: f32,
    /// Presenter mode on.
    pub presenter: bool,
    /// The middle panel alone.
    pub enlarged: bool,
    /// Shortcut overlay on.
    pub show_help: bool,
    /// The command line's text.
    pub command_text: String,
    /// The last error to show (a bad file, a failed export).
    pub error: Option<String>,
    /// A short status message.
    pub status: String,
    /// Commands collected during the frame.
    pub pending: Vec<Command>,
    /// Frames drawn so far (the first asks the window system for keyboard focus).
    pub frames: u64,
    /// The split view's second preset.
    pub compare: Option<Session>,
    /// A PNG export waiting for the next frame's screenshot.
    pub screenshot_to: Option<PathBuf>,
    /// Results of background work (PNG writes), shown in the status line.
    pub messages: (
        std::sync::mpsc::Sender<String>,
        std::sync::mpsc::Receiver<String>,
    ),
}

impl SimApp {
    /// The app on a lesson.
    pub fn new(lesson: Lesson) -> Self {
        let session = Session::new(lesson, None);
        let focus = session.view_hints().focus.unwrap_or(Panel::Heap);
        Self {
            session,
            settings: Settings::default(),
            focus,
            selection: Selection::None,
            playing: false,
            play_clock: 0.0,
            presenter: false,
            enlarged: false,
            show_help: false,
            command_text: String::new(),
            error: None,
            status: String::new(),
            pending: Vec::new(),
            frames: 0,
            compare: None,
            screenshot_to: None,
            messages: std::sync::mpsc::channel(),
        }
    }

    /// The app on the default (bundled) tour.
    pub fn with_default_lesson() -> Self {
        let (name, text) = BUNDLED[0];
        let lesson = Lesson::from_text(&format!("scenarios/{name}"), text).unwrap_or_else(|e| {
            Lesson::from_text("error.py", &format!("print({:?})", e.to_string()))
                .unwrap_or_else(|_| unreachable_lesson())
        });
        Self::new(lesson)
    }

    /// Whether a side panel is on screen now.
    pub fn panel_shown(&self, p: SidePanel) -> bool {
        let (code, gc) = if self.presenter {
            self.settings.presenter_panels
        } else {
            self.settings.panels
        };
        !self.enlarged
            && match p {
                SidePanel::Code => code,
                SidePanel::Gc => gc,
            }
    }

    /// Applies every pending command, in order, then keeps the split view on the same step.
    pub fn apply_pending(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        for c in pending {
            self.apply(c);
        }
        self.align_compare();
    }

    /// Moves the second preset's cursor to the same chapter and statement as the first's.
    pub fn align_compare(&mut self) {
        let position = self.session.position();
        if let Some(other) = &mut self.compare {
            other.seek_position(position);
        }
    }

    /// Applies one command.
    pub fn apply(&mut self, cmd: Command) {
        let s = &mut self.session;
        match cmd {
            Command::StepForward => {
                let t = s.next_statement();
                s.seek(t);
            }
            Command::StepBack => {
                let t = s.prev_statement();
                s.seek(t);
            }
            Command::EventForward => {
                let t = s.cursor() + 1;
                s.seek(t);
            }
            Command::EventBack => {
                let t = s.cursor().saturating_sub(1);
                s.seek(t);
            }
            Command::ChapterForward => {
                let t = s.chapter_start(s.chapter() + 1);
                s.seek(t);
            }
            Command::ChapterBack => {
                let c = s.chapter();
                let start = s.chapter_start(c);
                let t = if s.cursor() > start {
                    start
                } else {
                    s.chapter_start(c.saturating_sub(1))
                };
                s.seek(t);
            }
            Command::Seek(t) => s.seek(t),
            Command::RunToNextGc => {
                let t = s.find_forward(|e| matches!(e, Event::GcDone { .. }));
                s.seek(t);
            }
            Command::RunToNextArenaChange => {
                let t = s.find_forward(|e| {
                    matches!(e, Event::ArenaNew { .. } | Event::ArenaFree { .. })
                });
                s.seek(t);
            }
            Command::RunToLine(line) => {
                let t = s.find_forward(|e| matches!(e, Event::Line { line: l, .. } if *l == line));
                // Stop just before the statement runs.
                s.seek(t.saturating_sub(1));
            }
            Command::Reset => {
                let t = s.chapter_start(0);
                s.seek(t);
                self.playing = false;
            }
            Command::ToEnd => {
                let t = s.events().len();
                s.seek(t);
            }
            Command::TogglePlay => self.playing = !self.playing,
            Command::SetSpeed(v) => self.settings.speed = v.clamp(0.25, 50.0),
            Command::Open(path) => match crate::cli::read_lesson(&path) {
                Ok(lesson) => {
                    self.settings.recent.retain(|p| p != &path);
                    self.settings.recent.insert(0, path);
                    self.settings.recent.truncate(8);
                    self.load(lesson, None);
                }
                Err(e) => self.error = Some(e.to_string()),
            },
            Command::OpenText(name, text) => match Lesson::from_text(&name, &text) {
                Ok(lesson) => self.load(lesson, None),
                Err(e) => self.error = Some(e.to_string()),
            },
            Command::SetVersion(v) => {
                let lesson = self.session.lesson.clone();
                self.load(lesson, Some(v));
            }
            Command::RunStatement(code) => {
                if !code.trim().is_empty() {
                    self.session.run_statement(&code);
                    if let Some(e) = self
                        .session
                        .played
                        .steps
                        .last()
                        .and_then(|r| r.error.clone())
                    {
                        self.status = e;
                    } else {
                        self.status.clear();
                    }
                }
            }
            Command::Select(sel) => self.selection = sel,
            Command::Focus(p) => self.focus = p,
            Command::TogglePresenter => self.presenter = !self.presenter,
            Command::TogglePanel(p) => {
                let shown = if self.presenter {
                    &mut self.settings.presenter_panels
                } else {
                    &mut self.settings.panels
                };
                let flag = match p {
                    SidePanel::Code => &mut shown.0,
                    SidePanel::Gc => &mut shown.1,
                };
                // Enlarged, a toggle brings that panel back rather than flipping a hidden flag.
                *flag = !*flag || self.enlarged;
                self.enlarged = false;
            }
            Command::ToggleEnlarge => self.enlarged = !self.enlarged,
            Command::ToggleHelp => self.show_help = !self.show_help,
            Command::ToggleTheme => self.settings.dark = !self.settings.dark,
            Command::ExportCsv(path) => match std::fs::write(&path, self.stats_csv()) {
                Ok(()) => self.status = format!("wrote {}", path.display()),
                Err(e) => self.error = Some(format!("cannot write {}: {e}", path.display())),
            },
            Command::ExportPng(path) => self.screenshot_to = Some(path),
            Command::Compare(v) => {
                self.compare = v.map(|v| Session::new(self.session.lesson.clone(), Some(v)));
            }
            Command::OpenDialog => {
                #[cfg(not(test))]
                if let Some(path) = rfd::FileDialog::new()
                    .add_filter("Lessons and programs", &["ron", "py"])
                    .pick_file()
                {
                    self.apply(Command::Open(path));
                }
            }
            Command::Graph { compare, cmd } => {
                let session = if compare {
                    self.compare.as_mut()
                } else {
                    Some(&mut self.session)
                };
                if let Some(s) = session {
                    s.layout.apply(cmd);
                }
            }
        }
    }

    fn load(&mut self, lesson: Lesson, version: Option<PyVersion>) {
        let other = self
            .compare
            .as_ref()
            .map(|c| c.played.interp.heap.config.version);
        self.compare = other.map(|v| Session::new(lesson.clone(), Some(v)));
        self.session = Session::new(lesson, version);
        self.selection = Selection::None;
        self.playing = false;
        self.error = None;
        if let Some(f) = self.session.view_hints().focus {
            self.focus = f;
        }
    }

    /// Advances auto-play by `dt` seconds (driven by the frame's stable time step).
    pub fn tick(&mut self, dt: f32) {
        if !self.playing {
            return;
        }
        self.play_clock += dt;
        let period = 1.0 / self.settings.speed.max(0.01);
        while self.play_clock >= period {
            self.play_clock -= period;
            if self.session.cursor() >= self.session.events().len() {
                self.playing = false;
                break;
            }
            self.apply(Command::StepForward);
        }
    }

    /// The timeline statistics as CSV (one row per recorded statement).
    pub fn stats_csv(&self) -> String {
        let mut out = String::from("event,line,arenas,pools,block_bytes,objects,gen0,gen1,gen2,permanent,count0,count1,count2,collections\n");
        for s in self.session.snapshots() {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                s.event,
                s.line,
                s.arenas,
                s.pools,
                s.block_bytes,
                s.objects,
                s.generations[0],
                s.generations[1],
                s.generations[2],
                s.generations[3],
                s.counts[0],
                s.counts[1],
                s.counts[2],
                s.collections
            ));
        }
        out
    }
}

/// Encodes an RGBA image as PNG.
#[cfg(feature = "gui")]
pub fn write_png(path: &std::path::Path, image: &egui::ColorImage) -> Result<(), String> {
    let file =
        std::fs::File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let [w, h] = image.size;
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), w as u32, h as u32);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
    writer.write_image_data(&bytes).map_err(|e| e.to_string())
}

fn unreachable_lesson() -> Lesson {
    Lesson {
        path: "empty.py".into(),
        scenario: crate::scenario::Scenario {
            title: "empty".into(),
            description: String::new(),
            python: "3.11".into(),
            settings: crate::scenario::Settings::default(),
            steps: Vec::new(),
        },
        positions: Vec::new(),
    }
}

#[cfg(feature = "gui")]
impl eframe::App for SimApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        // Without a window manager nobody focuses the window and every key would be lost; try
        // during the first frames, until the window is mapped.
        #[cfg(all(unix, not(target_os = "macos"), not(target_arch = "wasm32")))]
        if self.frames < 120
            && ui.input(|i| i.viewport().focused) != Some(true)
            && crate::ui::x11_focus::take_unowned_focus(frame)
        {
            ui.ctx().request_repaint();
        }
        #[cfg(not(all(unix, not(target_os = "macos"), not(target_arch = "wasm32"))))]
        let _ = frame;
        crate::ui::app_ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.focus = format!("{:?}", self.focus);
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}
