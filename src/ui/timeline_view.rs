//! The timeline under the toolbar: the program's steps, not the interpreter's events.
//! Interpreter start-up (tens of thousands of events before the first statement) is one folded
//! segment at the left; the rest spans the lesson's stops (each chapter's start, its statements,
//! its end) evenly, with a tick and number per chapter and markers where collections run
//! (above) and arenas are mapped or released (below). A click or a drag moves there; the text
//! says where the cursor is in the program's terms ("statement 12 of 40 · event 3 of 17").

use egui::{Color32, Pos2, Rect, Sense, Stroke, Ui, Vec2};

use crate::app::{Command, Session};

use super::theme;

/// Width of the folded start-up segment, in points.
const STARTUP_WIDTH: f32 = 64.0;
/// Gap between the start-up segment and the program.
const GAP: f32 = 6.0;
/// Height of the bar.
const HEIGHT: f32 = 34.0;

/// Where things are on a timeline of a given width (points from its left edge): pure
/// arithmetic over the session, so it is tested without drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineLayout {
    /// The first event of the program (events before it are the interpreter's start-up).
    pub program_start: usize,
    /// The x of each chapter's first stop, by chapter.
    pub chapters: Vec<f32>,
    /// The x of each collection, one per point column.
    pub collections: Vec<f32>,
    /// The x of each arena mapped (true) or released (false), one per point column and kind.
    pub arenas: Vec<(f32, bool)>,
    /// The cursor's x.
    pub cursor: f32,
    width: f32,
}

impl TimelineLayout {
    /// The layout of `s` on a bar `width` points wide.
    pub fn new(s: &Session, width: f32) -> Self {
        let program_start = s.chapter_start(0);
        let mut t = Self {
            program_start,
            chapters: Vec::new(),
            collections: Vec::new(),
            arenas: Vec::new(),
            cursor: 0.0,
            width: width.max(STARTUP_WIDTH + GAP + 10.0),
        };
        t.chapters = (0..s.played.steps.len())
            .map(|k| t.x_of_event(s, s.chapter_stop(k).0, Some(k)))
            .collect();
        // Start-up's own collections and arenas stay folded with it.
        let mut last = f32::NAN;
        for &e in s.marks.collections.iter().filter(|&&e| e >= program_start) {
            let x = t.x_of_event(s, e, None).round();
            if x != last {
                t.collections.push(x);
                last = x;
            }
        }
        let mut last = (f32::NAN, false);
        for &(e, mapped) in s.marks.arenas.iter().filter(|a| a.0 >= program_start) {
            let x = (t.x_of_event(s, e, None).round(), mapped);
            if x != last {
                t.arenas.push(x);
                last = x;
            }
        }
        let here = s.here();
        t.cursor = t.x_of_event(s, here.0, Some(here.1));
        t
    }

    /// The program's part of the bar: (left, width).
    fn program_span(&self) -> (f32, f32) {
        let left = STARTUP_WIDTH + GAP;
        (left, self.width - left)
    }

    /// The x of stop number `i` of `n`.
    fn x_of_stop(&self, i: usize, n: usize) -> f32 {
        let (left, width) = self.program_span();
        if n <= 1 {
            return left;
        }
        left + width * i as f32 / (n - 1) as f32
    }

    /// The x of an event: in the start-up segment by event, in the program by the stop at or
    /// before it (with `chapter` telling apart a chapter's end from the next one's start).
    fn x_of_event(&self, s: &Session, event: usize, chapter: Option<usize>) -> f32 {
        if event < self.program_start {
            return STARTUP_WIDTH * event as f32 / self.program_start.max(1) as f32;
        }
        let n = s.stops.len();
        let i = match chapter {
            Some(k) => s.stops.partition_point(|st| *st <= (event, k)),
            None => s.stops.partition_point(|st| st.0 <= event),
        };
        self.x_of_stop(i.saturating_sub(1), n)
    }

    /// What a click at `x` moves to: an event of start-up, or the nearest stop.
    pub fn command_at(&self, s: &Session, x: f32) -> Command {
        if x < STARTUP_WIDTH + GAP / 2.0 {
            let f = (x / STARTUP_WIDTH).clamp(0.0, 1.0);
            return Command::Seek((f * self.program_start as f32) as usize);
        }
        let (left, width) = self.program_span();
        let n = s.stops.len();
        let f = ((x - left) / width).clamp(0.0, 1.0);
        Command::SeekStop((f * n.saturating_sub(1) as f32).round() as usize)
    }
}

/// Where the cursor is, in the program's terms.
pub fn position_text(s: &Session) -> String {
    let cursor = s.cursor();
    let start = s.chapter_start(0);
    if cursor < start {
        return format!(
            "interpreter start-up: event {} of {}",
            super::group_digits(cursor as u64),
            super::group_digits(start as u64)
        );
    }
    let lines = &s.marks.lines;
    let first = lines.partition_point(|&m| m < start);
    let begun = lines.partition_point(|&m| m < cursor);
    let total = lines.len() - first;
    let statement = begun - first;
    if statement == 0 {
        return format!(
            "before the first of {} statements",
            super::group_digits(total as u64)
        );
    }
    let from = lines[begun - 1];
    let to = lines.get(begun).copied().unwrap_or(s.events().len());
    format!(
        "statement {} of {} · event {} of {}",
        super::group_digits(statement as u64),
        super::group_digits(total as u64),
        cursor - from,
        to - from
    )
}

/// Draws the timeline across the available width and turns clicks and drags into commands.
pub fn timeline_ui(s: &Session, ui: &mut Ui, cmds: &mut Vec<Command>) {
    let text = position_text(s);
    ui.horizontal(|ui| {
        let label_width = 330.0;
        let width = (ui.available_width() - label_width).max(120.0);
        let (rect, response) =
            ui.allocate_exact_size(Vec2::new(width, HEIGHT), Sense::click_and_drag());
        let layout = TimelineLayout::new(s, rect.width());
        paint(ui, rect, &layout);
        if let Some(p) = response.interact_pointer_pos() {
            if response.clicked() || response.dragged() {
                cmds.push(layout.command_at(s, p.x - rect.left()));
            }
        }
        let value = layout.cursor / rect.width().max(1.0);
        response.widget_info(|| {
            egui::WidgetInfo::slider(true, f64::from(value), format!("timeline: {text}"))
        });
        response.on_hover_text(
            "Start-up, then the program's steps: ticks start chapters, ▼ marks a collection, \
             ■ an arena mapped (□ released). Click or drag to move.",
        );
        ui.label(text);
    });
}

fn paint(ui: &Ui, rect: Rect, layout: &TimelineLayout) {
    let painter = ui.painter_at(rect.expand(2.0));
    let visuals = ui.visuals();
    let dark = visuals.dark_mode;
    let track = visuals.extreme_bg_color;
    let ink = visuals.text_color();
    let faint = visuals.weak_text_color();
    let x = |dx: f32| rect.left() + dx;
    let mid = rect.center().y;
    // Start-up: one folded, dimmed segment.
    let startup = Rect::from_min_max(
        Pos2::new(rect.left(), rect.top() + 4.0),
        Pos2::new(x(STARTUP_WIDTH), rect.bottom() - 4.0),
    );
    painter.rect_filled(startup, 3.0, track);
    painter.text(
        startup.center(),
        egui::Align2::CENTER_CENTER,
        "start-up",
        egui::FontId::proportional(11.0),
        faint,
    );
    // The program: a track, the part already run filled.
    let (left, _) = layout.program_span();
    let program = Rect::from_min_max(
        Pos2::new(x(left), mid - 5.0),
        Pos2::new(rect.right(), mid + 5.0),
    );
    painter.rect_filled(program, 5.0, track);
    if layout.cursor > left {
        let done = Rect::from_min_max(program.min, Pos2::new(x(layout.cursor), program.max.y));
        painter.rect_filled(done, 5.0, theme::generation(0).gamma_multiply(0.6));
    }
    // Chapters: a tick and a number where there is room.
    let room = layout
        .chapters
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(f32::INFINITY, f32::min);
    for (k, &cx) in layout.chapters.iter().enumerate() {
        painter.line_segment(
            [
                Pos2::new(x(cx), rect.top() + 2.0),
                Pos2::new(x(cx), rect.bottom() - 2.0),
            ],
            Stroke::new(1.5, faint),
        );
        if room >= 18.0 || k == 0 {
            painter.text(
                Pos2::new(x(cx) + 3.0, rect.top()),
                egui::Align2::LEFT_TOP,
                format!("{}", k + 1),
                egui::FontId::proportional(12.0),
                faint,
            );
        }
    }
    // Collections above the track, arenas below.
    let gc = theme::GARBAGE;
    for &cx in &layout.collections {
        let top = mid - 6.0;
        painter.add(egui::Shape::convex_polygon(
            vec![
                Pos2::new(x(cx) - 5.0, top - 8.0),
                Pos2::new(x(cx) + 5.0, top - 8.0),
                Pos2::new(x(cx), top),
            ],
            gc,
            Stroke::NONE,
        ));
    }
    let arena = if dark {
        Color32::from_rgb(86, 180, 233)
    } else {
        Color32::from_rgb(0, 114, 178)
    };
    for &(cx, mapped) in &layout.arenas {
        let r = Rect::from_center_size(Pos2::new(x(cx), mid + 11.0), Vec2::splat(7.0));
        if mapped {
            painter.rect_filled(r, 1.0, arena);
        } else {
            painter.rect_stroke(r, 1.0, Stroke::new(1.2, arena), egui::StrokeKind::Inside);
        }
    }
    // The cursor.
    let cx = x(layout.cursor);
    painter.line_segment(
        [Pos2::new(cx, rect.top()), Pos2::new(cx, rect.bottom())],
        Stroke::new(2.5, ink),
    );
    painter.circle_filled(Pos2::new(cx, mid), 7.0, ink);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Lesson;

    fn session(text: &str) -> Session {
        let lesson = Lesson::from_text("t.py", text).unwrap_or_else(|e| panic!("{e}"));
        Session::new(lesson, None)
    }

    #[test]
    fn start_up_is_folded_and_the_program_spans_the_rest() {
        let mut s = session("a = []\nb = [a]\nc = 1\n");
        let t = TimelineLayout::new(&s, 600.0);
        assert!(t.program_start > 1000, "start-up has many events");
        assert_eq!(
            t.chapters,
            vec![STARTUP_WIDTH + GAP],
            "one chapter, at the left"
        );
        assert_eq!(
            t.cursor,
            STARTUP_WIDTH + GAP,
            "the cursor at the program's start"
        );
        // A click in start-up moves by event, at the right end to the last stop.
        assert_eq!(t.command_at(&s, 0.0), Command::Seek(0));
        let last = s.stops.len() - 1;
        assert_eq!(t.command_at(&s, 600.0), Command::SeekStop(last));
        s.seek_stop_index(last);
        assert_eq!(TimelineLayout::new(&s, 600.0).cursor, 600.0);
        assert!(
            position_text(&s).starts_with("statement 3 of 3"),
            "{}",
            position_text(&s)
        );
    }

    #[test]
    fn collections_and_arenas_are_marked_in_their_chapter() {
        let s = session(
            "# %%\nimport gc\nl = []\nl.append(l)\ndel l\ngc.collect()\n# %%\nx = 1\n# %%\n\
             keep = [[i] for i in range(100000)]\ndel keep\n",
        );
        let t = TimelineLayout::new(&s, 800.0);
        assert_eq!(t.chapters.len(), 3);
        let program: Vec<f32> = t
            .collections
            .iter()
            .copied()
            .filter(|&x| x >= t.chapters[0])
            .collect();
        assert!(!program.is_empty());
        assert!(
            program
                .iter()
                .any(|&x| x >= t.chapters[0] && x <= t.chapters[1]),
            "gc.collect() in chapter 1: {program:?}, chapters at {:?}",
            t.chapters
        );
        let mapped: Vec<f32> = t.arenas.iter().filter(|a| a.1).map(|a| a.0).collect();
        assert!(
            mapped.iter().any(|&x| x >= t.chapters[2]),
            "the big list maps arenas"
        );
        assert!(
            t.arenas.iter().any(|a| !a.1),
            "and freeing it releases some"
        );
    }
}
