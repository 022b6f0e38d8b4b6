//! The desktop app's glue: [`SimApp`] owns the [`Session`] and the settings, collects the
//! [`Command`]s that views and shortcuts emit while a frame is drawn, and applies them once at
//! the end of the frame. Nothing else mutates the session.

pub mod editor;
pub mod files;
pub mod graph_layout;
pub mod link;
pub mod session;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use editor::Editor;
pub use session::{Pending, Session};

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
    (
        "16_frames_and_cells.py",
        include_str!("../../scenarios/16_frames_and_cells.py"),
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
    /// Jump to a stop (0 = the first; see [`Session::stops`]).
    SeekStop(usize),
    /// The start of a chapter (before it runs).
    GoToChapter(usize),
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
    /// Draw every step of a chapter (or of the lesson: `None`) into an animated GIF (`.gif`), an
    /// animated PNG (`.apng`) or numbered PNGs (a folder).
    ExportSteps(PathBuf, Option<usize>),
    /// Ask where to export with a save dialog.
    ExportDialog(ExportKind),
    /// Show the lesson on a second preset side by side (`None` closes the split view).
    Compare(Option<PyVersion>),
    /// Ask for a file with the open dialog.
    OpenDialog,
    /// Show an error (a file that could not be read).
    ShowError(String),
    /// Make a link to this program at this step (`SimApp::share_link`; a page puts it in the
    /// address bar and on the clipboard).
    CopyLink,
    /// Open what a link holds (the part after `#`).
    OpenLink(String),
    /// Play the lesson again from the start with the edited code, back at the same statement.
    Rerun,
    /// Stop the program running on its way to the screen where it is (see [`SimApp::loading`]).
    StopRun,
    /// Back to the lesson as it was opened (edits dropped).
    RestoreOriginal,
    /// A blank program in the editor.
    NewProgram,
    /// Write the edited lesson: `.py` (cells, or a plain program) or `.ron`.
    SaveAs(PathBuf),
    /// Ask where to save with the save dialog.
    SaveDialog,
    /// The class's answer to the prediction waiting at the cursor.
    Answer(String),
    /// Go on without answering the prediction waiting at the cursor.
    SkipPrediction,
    /// Something done to a session's graph view (the split view's second one when `compare`).
    Graph {
        /// For the split view's second preset.
        compare: bool,
        /// What was done.
        cmd: graph_layout::GraphCommand,
    },
}

/// Steps [`SimApp`] runs of a program as soon as it is opened, before the next frame (about a
/// tenth of a second): a lesson is usually on screen at once, without a progress window.
pub const SYNC_STEPS: u64 = 100_000;

/// Steps per slice of a long run ([`SimApp::work`] asks after each whether the frame's time is
/// spent): a few milliseconds.
pub const SLICE_STEPS: u64 = 10_000;

/// Runs on their way to the screen ([`SimApp::loading`]).
pub struct Loading {
    /// The lesson on the main preset (`None` when only the split view's second preset is new).
    pub main: Option<Pending>,
    /// The lesson on the split view's second preset.
    pub compare: Option<Pending>,
    /// Where the cursor goes once they are on screen.
    then: AfterLoad,
    /// The user stopped them ([`Command::StopRun`]).
    stopped: bool,
}

impl Loading {
    /// The runs, main preset first.
    pub fn runs(&self) -> impl Iterator<Item = &Pending> {
        self.main.iter().chain(&self.compare)
    }
}

/// Where the cursor goes when a run reaches the screen.
#[derive(Debug, Clone, Copy)]
enum AfterLoad {
    /// The start of the first chapter.
    Start,
    /// The same chapter and statement as before (a re-run of edited code), with a status line.
    Rerun((usize, usize)),
    /// A shared link's step.
    Link(usize),
}

/// What the export menu offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The window as a PNG.
    Png,
    /// This chapter as an animated GIF.
    Gif,
    /// This chapter as an animated PNG.
    Apng,
    /// Every step of the lesson as numbered PNGs.
    Folder,
    /// The timeline statistics as CSV.
    Csv,
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
    /// Edits not saved to a file, restored when the same lesson opens again.
    pub draft: Option<Draft>,
}

/// A lesson's unsaved edits.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Draft {
    /// The lesson's file, as opened.
    pub path: String,
    /// The edited lesson, as RON.
    pub ron: String,
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
            draft: None,
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
    /// An export of steps waiting for the next frame: where, and which chapter (`None`: all).
    pub export_to: Option<(PathBuf, Option<usize>)>,
    /// The code being edited.
    pub editor: Editor,
    /// The class's answers to predictions, by chapter ("" when skipped).
    pub answers: BTreeMap<usize, String>,
    /// A typed answer being written.
    pub answer_text: String,
    /// The editor should take the keyboard focus (a new program).
    pub focus_editor: bool,
    /// Answers that arrive after the frame that asked (files a browser has read).
    pub inbox: files::Inbox,
    /// A link to the program at this step made by [`Command::CopyLink`] (the part after `#`),
    /// waiting for the page to show and copy it.
    pub share_link: Option<String>,
    /// The program on its way to the screen, run a slice per frame ([`SimApp::work`]); the
    /// session shown meanwhile is the previous one.
    pub loading: Option<Loading>,
    /// Results of background work (PNG writes), shown in the status line.
    pub messages: (
        std::sync::mpsc::Sender<String>,
        std::sync::mpsc::Receiver<String>,
    ),
}

impl SimApp {
    /// The app on a lesson.
    pub fn new(lesson: Lesson) -> Self {
        let editor = Editor::new(lesson.clone(), &lesson);
        let session = Session::new(lesson, None);
        let focus = session.view_hints().focus.unwrap_or(Panel::Heap);
        Self {
            editor,
            answers: BTreeMap::new(),
            answer_text: String::new(),
            focus_editor: false,
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
            export_to: None,
            inbox: files::Inbox::default(),
            share_link: None,
            loading: None,
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

    /// The app on the default lesson with the settings eframe kept (a desktop's settings
    /// file, a page's local storage).
    #[cfg(feature = "gui")]
    pub fn with_stored_settings(storage: Option<&dyn eframe::Storage>) -> Self {
        let mut app = Self::with_default_lesson();
        if let Some(settings) = storage.and_then(|s| eframe::get_value(s, eframe::APP_KEY)) {
            app.settings = settings;
        }
        app
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
        let mut pending = self.inbox.take();
        pending.append(&mut self.pending);
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

    /// The chapter whose prediction waits for the class at the cursor.
    pub fn waiting_prediction(&self) -> Option<usize> {
        let s = &self.session;
        let c = s.chapter();
        s.lesson.scenario.steps.get(c)?.prediction()?;
        (s.here() <= (s.chapter_start(c), c) && !self.answers.contains_key(&c)).then_some(c)
    }

    /// `target`, or the start of the first chapter between the cursor and it whose prediction
    /// is not answered yet: the class predicts before it sees.
    fn gate(&mut self, target: (usize, usize)) -> (usize, usize) {
        let s = &self.session;
        let here = s.here();
        let waiting = s
            .lesson
            .scenario
            .steps
            .iter()
            .enumerate()
            .filter(|(i, step)| step.prediction().is_some() && !self.answers.contains_key(i))
            .map(|(i, _)| (s.chapter_start(i), i))
            .find(|&start| start >= here && start < target);
        match waiting {
            Some(start) => {
                self.playing = false;
                self.status =
                    "A prediction first: answer it (keys 1-9 or type it), or skip it.".into();
                start
            }
            None => target,
        }
    }

    /// Applies one command.
    pub fn apply(&mut self, cmd: Command) {
        let chapter = self.session.chapter();
        let moves = !matches!(cmd, Command::Focus(_));
        self.apply_command(cmd);
        // A new chapter shows what its narration is about (its `focus`); the user's own
        // choice of view stands until the next chapter.
        if moves && self.loading.is_none() && self.session.chapter() != chapter {
            if let Some(f) = self.session.view_hints().focus {
                self.focus = f;
            }
        }
    }

    fn apply_command(&mut self, cmd: Command) {
        let s = &self.session;
        // Moves forward stop at a prediction nobody answered.
        let at = |t: usize| (t, s.default_chapter(t));
        let forward = match &cmd {
            Command::StepForward => Some(s.next_stop()),
            Command::EventForward => Some(at(s.cursor() + 1)),
            Command::ChapterForward => {
                let k = (s.chapter() + 1).min(s.played.steps.len().saturating_sub(1));
                Some(s.chapter_stop(k))
            }
            Command::GoToChapter(k) => Some(s.chapter_stop(*k)),
            Command::Seek(t) => Some(at(*t)),
            Command::SeekStop(n) => s.stops.get(*n).or(s.stops.last()).copied(),
            Command::RunToNextGc => Some(at(s.find_forward(|e| matches!(e, Event::GcDone { .. })))),
            Command::RunToNextArenaChange => {
                Some(at(s.find_forward(|e| {
                    matches!(e, Event::ArenaNew { .. } | Event::ArenaFree { .. })
                })))
            }
            Command::RunToLine(line) => {
                let t = s.find_forward(|e| matches!(e, Event::Line { line: l, .. } if l == line));
                // Stop just before the statement runs.
                Some(at(t.saturating_sub(1)))
            }
            Command::ToEnd => Some((s.events().len(), s.played.steps.len().saturating_sub(1))),
            _ => None,
        };
        if let Some(t) = forward {
            // Stepping and running wait at a prediction; a jump the teacher asks for (the
            // slider, a chapter picked from the list, the end) does not, nor does going back.
            let jump = matches!(
                cmd,
                Command::Seek(_) | Command::SeekStop(_) | Command::GoToChapter(_) | Command::ToEnd
            );
            let t = if t > s.here() && !jump {
                self.gate(t)
            } else {
                t
            };
            if self.session.stops.binary_search(&t).is_ok() {
                self.session.seek_stop(t);
            } else {
                self.session.seek(t.0);
            }
            return;
        }
        let s = &mut self.session;
        match cmd {
            Command::StepBack => {
                let t = s.prev_stop();
                s.seek_stop(t);
            }
            Command::EventBack => {
                let t = s.cursor().saturating_sub(1);
                s.seek(t);
            }
            Command::ChapterBack => {
                let c = s.chapter();
                let start = s.chapter_stop(c);
                let t = if s.here() > start {
                    start
                } else {
                    s.chapter_stop(c.saturating_sub(1))
                };
                s.seek_stop(t);
            }
            Command::Reset => {
                let t = s.chapter_stop(0);
                s.seek_stop(t);
                self.playing = false;
            }
            // Moves forward, handled above.
            Command::StepForward
            | Command::EventForward
            | Command::ChapterForward
            | Command::GoToChapter(_)
            | Command::Seek(_)
            | Command::SeekStop(_)
            | Command::RunToNextGc
            | Command::RunToNextArenaChange
            | Command::RunToLine(_)
            | Command::ToEnd => {}
            Command::TogglePlay => self.playing = !self.playing,
            Command::SetSpeed(v) => self.settings.speed = v.clamp(0.25, 50.0),
            Command::Open(path) => match crate::cli::read_lesson(&path) {
                Ok(lesson) => {
                    self.settings.recent.retain(|p| p != &path);
                    self.settings.recent.insert(0, path);
                    self.settings.recent.truncate(8);
                    self.open(lesson);
                }
                Err(e) => self.error = Some(e.to_string()),
            },
            Command::OpenText(name, text) => match Lesson::from_text(&name, &text) {
                Ok(lesson) => self.open(lesson),
                Err(e) => self.error = Some(e.to_string()),
            },
            Command::SetVersion(v) => {
                let lesson = self.session.lesson.clone();
                self.load(lesson, Some(v), AfterLoad::Start);
            }
            Command::Rerun => self.rerun(),
            Command::RestoreOriginal => {
                let original = self.editor.original.clone();
                self.open(original);
                self.status = "restored the lesson as it was opened".into();
            }
            Command::NewProgram => {
                if let Ok(lesson) = Lesson::from_text("untitled.py", "") {
                    self.open(lesson);
                    self.focus_editor = true;
                }
            }
            Command::SaveAs(path) => self.save_as(&path),
            Command::SaveDialog => {
                let name = self.editor.original.path.rsplit('/').next();
                if let Some(path) = files::save_path(
                    name.unwrap_or("lesson.py"),
                    &[("Python (cells)", &["py"]), ("Lesson (RON)", &["ron"])],
                ) {
                    self.apply(Command::SaveAs(path));
                }
            }
            Command::Answer(text) => {
                if let Some(c) = self.waiting_prediction() {
                    self.answers.insert(c, text.trim().to_string());
                    self.answer_text.clear();
                    self.status.clear();
                }
            }
            Command::SkipPrediction => {
                if let Some(c) = self.waiting_prediction() {
                    self.answers.insert(c, String::new());
                    self.status.clear();
                }
            }
            Command::RunStatement(code) => {
                if !code.trim().is_empty() {
                    self.session.run_statement(&code);
                    self.editor.sync(&self.session.lesson);
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
            Command::ExportCsv(path) => match files::write(&path, self.stats_csv().as_bytes()) {
                Ok(done) => self.status = done,
                Err(e) => self.error = Some(e),
            },
            Command::ExportPng(path) => self.screenshot_to = Some(path),
            Command::ExportSteps(path, chapter) => self.export_to = Some((path, chapter)),
            Command::ExportDialog(kind) => self.export_dialog(kind),
            Command::Compare(None) => self.compare = None,
            Command::Compare(Some(v)) => {
                match &mut self.loading {
                    // A run on its way: the second preset plays the same lesson after it.
                    Some(l) => {
                        let lesson = l.runs().next().map(|p| p.lesson().clone());
                        let lesson = lesson.unwrap_or_else(|| self.session.lesson.clone());
                        l.compare = Some(Pending::new(lesson, Some(v)));
                    }
                    None => {
                        self.loading = Some(Loading {
                            main: None,
                            compare: Some(Pending::new(self.session.lesson.clone(), Some(v))),
                            then: AfterLoad::Start,
                            stopped: false,
                        });
                    }
                }
                self.work_steps(SYNC_STEPS);
            }
            Command::StopRun => {
                if let Some(l) = &mut self.loading {
                    for p in l.main.iter_mut().chain(&mut l.compare) {
                        p.stop();
                    }
                    l.stopped = true;
                }
            }
            Command::OpenDialog => files::pick_lesson(&self.inbox),
            Command::ShowError(e) => self.error = Some(e),
            Command::CopyLink => {
                let link = self.link();
                self.share_link = Some(link.to_fragment());
            }
            Command::OpenLink(fragment) => match link::Link::from_fragment(&fragment) {
                Ok(link) => self.open_link(&link),
                Err(e) => self.error = Some(format!("cannot open the link: {e}")),
            },
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

    /// A lesson from a file (or bundled, or blank): it becomes the original the editor restores.
    fn open(&mut self, lesson: Lesson) {
        self.editor = Editor::new(lesson.clone(), &lesson);
        self.answers.clear();
        self.load(lesson, None, AfterLoad::Start);
    }

    /// Plays the edited lesson from the start on the same preset and goes back to the same
    /// chapter and statement (or the chapter's end when the code got shorter).
    fn rerun(&mut self) {
        let position = self.session.position();
        let version = self.session.played.interp.heap.config.version;
        let lesson = self.editor.edited(&self.session.lesson);
        self.load(lesson, Some(version), AfterLoad::Rerun(position));
    }

    /// Asks where to write an export, then queues it.
    fn export_dialog(&mut self, kind: ExportKind) {
        let stem = std::path::Path::new(&self.editor.original.path)
            .file_stem()
            .map_or("pymemsim".into(), |s| s.to_string_lossy().into_owned());
        let chapter = self.session.chapter();
        let name = |ext: &str| format!("{stem}-chapter{}.{ext}", chapter + 1);
        let cmd = match kind {
            ExportKind::Png => files::save_path(&format!("{stem}.png"), &[("PNG", &["png"])])
                .map(Command::ExportPng),
            ExportKind::Gif => files::save_path(&name("gif"), &[("GIF", &["gif"])])
                .map(|p| Command::ExportSteps(p, Some(chapter))),
            ExportKind::Apng => files::save_path(&name("apng"), &[("Animated PNG", &["apng"])])
                .map(|p| Command::ExportSteps(p, Some(chapter))),
            ExportKind::Folder if !files::CAN_PICK_FOLDER => {
                self.error = Some(
                    "a browser page cannot write a folder: export the chapter as a GIF or an \
                     animated PNG instead"
                        .into(),
                );
                None
            }
            ExportKind::Folder => files::pick_folder("A folder for the numbered PNGs")
                .map(|p| Command::ExportSteps(p, None)),
            ExportKind::Csv => {
                files::save_path(&format!("{stem}-timeline.csv"), &[("CSV", &["csv"])])
                    .map(Command::ExportCsv)
            }
        };
        if let Some(cmd) = cmd {
            self.apply(cmd);
        }
    }

    /// Calls `f` with the cursor on each of `stops` in turn, as a class would see them: a
    /// chapter's prediction unanswered before it runs and revealed after. The cursor, the
    /// answers and the modes are put back afterwards. (Exports draw the app this way.)
    pub fn at_stops(
        &mut self,
        stops: &[(usize, usize)],
        presenter: bool,
        mut f: impl FnMut(&mut Self),
    ) {
        let saved = (
            self.session.here(),
            self.answers.clone(),
            self.presenter,
            self.playing,
            std::mem::take(&mut self.status),
        );
        self.presenter = presenter;
        self.playing = false;
        for &(event, chapter) in stops {
            if event <= self.session.chapter_start(chapter) {
                self.answers.remove(&chapter);
            } else {
                self.answers.entry(chapter).or_default();
            }
            self.session.seek_stop((event, chapter));
            f(self);
        }
        let (here, answers, presenter, playing, status) = saved;
        self.session.seek_stop(here);
        self.answers = answers;
        self.presenter = presenter;
        self.playing = playing;
        self.status = status;
    }

    /// The first chapter that stopped with an error, and the error.
    pub fn first_error(&self) -> Option<(usize, &str)> {
        self.session
            .played
            .steps
            .iter()
            .enumerate()
            .find_map(|(i, r)| r.error.as_deref().map(|e| (i, e)))
    }

    /// Writes the edited lesson where asked, in the format the file name says.
    fn save_as(&mut self, path: &std::path::Path) {
        let mut lesson = self.editor.edited(&self.session.lesson);
        let name = path.display().to_string();
        let written = lesson
            .to_text(&name)
            .map_err(|e| format!("cannot save {}: {e}", path.display()))
            .and_then(|text| files::write(path, text.as_bytes()));
        match written {
            Ok(done) => {
                lesson.path = name;
                self.editor.original = lesson;
                self.settings.draft = None;
                self.status = done.replacen("wrote", "saved", 1);
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// A link to the program on screen (with its edits) at this step on this preset: the
    /// bundled lesson's name when it is unchanged, else its text (as `.py` where it can be).
    pub fn link(&self) -> link::Link {
        let lesson = self.editor.edited(&self.session.lesson);
        let file = lesson.path.rsplit('/').next().unwrap_or_default();
        let bundled = BUNDLED
            .iter()
            .find(|(name, _)| *name == file)
            .and_then(|(name, text)| Lesson::from_text(name, text).ok())
            .is_some_and(|b| b.scenario == lesson.scenario);
        let source = if bundled {
            link::Source::Bundled(file.to_string())
        } else {
            let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
            let stem = if stem.is_empty() { "shared" } else { stem };
            let py = format!("{stem}.py");
            match lesson.to_text(&py) {
                Ok(text) => link::Source::Text { name: py, text },
                Err(_) => link::Source::Text {
                    name: format!("{stem}.ron"),
                    text: lesson.to_ron().unwrap_or_default(),
                },
            }
        };
        link::Link {
            python: Some(self.session.played.interp.heap.config.version),
            step: self.session.stop_index(),
            source,
        }
    }

    /// Opens what a link holds at its step.
    pub fn open_link(&mut self, link: &link::Link) {
        let lesson = match &link.source {
            link::Source::Bundled(name) => match BUNDLED.iter().find(|(n, _)| n == name) {
                Some((n, text)) => Lesson::from_text(&format!("scenarios/{n}"), text),
                None => {
                    self.error = Some(format!(
                        "the link names a lesson this app does not have: {name}"
                    ));
                    return;
                }
            },
            link::Source::Text { name, text } => Lesson::from_text(name, text),
        };
        match lesson {
            Ok(lesson) => {
                self.editor = Editor::new(lesson.clone(), &lesson);
                self.answers.clear();
                self.load(lesson, link.python, AfterLoad::Link(link.step));
            }
            Err(e) => self.error = Some(format!("cannot open the link: {e}")),
        }
    }

    /// The unsaved edits of the lesson on screen, for the settings.
    pub fn draft(&self) -> Option<Draft> {
        let lesson = &self.session.lesson;
        if !self.editor.differs_from_original(lesson) {
            return None;
        }
        let ron = self.editor.edited(lesson).to_ron().ok()?;
        Some(Draft {
            path: self.editor.original.path.clone(),
            ron,
        })
    }

    /// Applies the unsaved edits kept in the settings when they belong to the lesson on screen.
    pub fn restore_draft(&mut self) {
        let Some(draft) = self.settings.draft.clone() else {
            return;
        };
        if draft.path != self.editor.original.path {
            return;
        }
        let Ok(mut lesson) = Lesson::from_text("draft.ron", &draft.ron) else {
            return;
        };
        lesson.path.clone_from(&draft.path);
        // Code keeps the file's line numbers where the steps still match.
        let original = &self.editor.original.positions;
        for (i, p) in lesson.positions.iter_mut().enumerate() {
            *p = original.get(i).copied().unwrap_or_default();
        }
        let original = self.editor.original.clone();
        self.load(lesson.clone(), None, AfterLoad::Start);
        self.editor = Editor::new(original, &lesson);
        self.status = format!("restored your unsaved edits of {}", draft.path);
    }

    /// Starts playing `lesson` (on `version`, else its own), and on the split view's second
    /// preset when it is open; the first [`SYNC_STEPS`] steps run at once (a lesson usually
    /// ends within them and is on screen when this returns), the rest in [`SimApp::work`].
    fn load(&mut self, lesson: Lesson, version: Option<PyVersion>, then: AfterLoad) {
        let other = self
            .compare
            .as_ref()
            .map(|c| c.played.interp.heap.config.version);
        self.editor.sync(&lesson);
        self.loading = Some(Loading {
            main: Some(Pending::new(lesson.clone(), version)),
            compare: other.map(|v| Pending::new(lesson, Some(v))),
            then,
            stopped: false,
        });
        self.playing = false;
        self.error = None;
        self.work_steps(SYNC_STEPS);
    }

    /// Runs the program on its way to the screen, slice after slice of [`SLICE_STEPS`] steps,
    /// until it is on screen or `out_of_time` (asked after each slice) says the frame's time is
    /// spent. True when nothing is left to run.
    pub fn work(&mut self, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        while self.loading.is_some() {
            if self.work_steps(SLICE_STEPS) || out_of_time() {
                break;
            }
        }
        self.loading.is_none()
    }

    /// Runs about `steps` steps of the program on its way to the screen (the main preset
    /// first); when it has been played, it replaces the session on screen. True when done.
    fn work_steps(&mut self, steps: u64) -> bool {
        let Some(l) = &mut self.loading else {
            return true;
        };
        if let Some(p) = l
            .main
            .iter_mut()
            .chain(&mut l.compare)
            .find(|p| !p.is_done())
        {
            p.advance(steps);
        }
        if l.main.iter().chain(&l.compare).any(|p| !p.is_done()) {
            return false;
        }
        let Some(l) = self.loading.take() else {
            return true;
        };
        let compare = l.compare.map(Pending::finish);
        let main_ran = l.main.is_some();
        match l.main {
            Some(main) => {
                self.session = main.finish();
                self.compare = compare;
                self.selection = Selection::None;
                if let Some(f) = self.session.view_hints().focus {
                    self.focus = f;
                }
            }
            None => self.compare = compare,
        }
        match l.then {
            AfterLoad::Start => {}
            AfterLoad::Rerun(position) => {
                self.session.seek_position(position);
                self.status = match self.first_error() {
                    Some((chapter, e)) => format!(
                        "re-ran; chapter {} stopped: {}",
                        chapter + 1,
                        e.lines().last().unwrap_or("")
                    ),
                    None => "re-ran the edited code".into(),
                };
            }
            AfterLoad::Link(step) => {
                self.session.seek_stop_index(step);
                self.status = format!("opened a link: step {}", step + 1);
            }
        }
        if l.stopped && main_ran {
            // Where the program was when the user stopped it: the end of that chapter.
            if let Some((k, e)) = self.first_error() {
                self.status = e.lines().last().unwrap_or("").to_string();
                let end = self.session.played.steps[k].events.end;
                self.session.seek_stop((end, k));
            }
        }
        self.align_compare();
        true
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
            if self.session.next_stop() <= self.session.here() {
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

/// Encodes an RGBA image as PNG and writes it (in a page: downloads it); returns what to tell
/// the user.
#[cfg(feature = "gui")]
pub fn write_png(path: &std::path::Path, image: &egui::ColorImage) -> Result<String, String> {
    files::write(path, &encode_png(image)?)
}

/// An RGBA image as PNG bytes.
#[cfg(feature = "gui")]
pub fn encode_png(image: &egui::ColorImage) -> Result<Vec<u8>, String> {
    let [w, h] = image.size;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w as u32, h as u32);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
    writer.write_image_data(&bytes).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
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
        self.settings.draft = self.draft();
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}
