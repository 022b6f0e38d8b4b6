//! A loaded lesson being watched: the played interpreter, the time-travel cursor, statement
//! boundaries, and cached per-cursor summaries the views draw from. Only `app` mutates it.

use super::graph_layout::GraphLayout;
use crate::engine::event::{Event, EventLog};
use crate::engine::fxhash::FxHashMap;
use crate::engine::pymalloc::Allocator;
use crate::engine::timeline::{CheckpointBuilder, Timeline};
use crate::python::snapshot::StepSnapshot;
use crate::scenario::{self, Lesson, Played, Step, StepPosition, View};

/// Steps a lesson or program may take in the app unless its settings say otherwise (about a
/// second with every statement's snapshot recorded).
pub const APP_STEP_LIMIT: u64 = 2_000_000;

/// Steps a statement typed in the app may take (about a second of work).
pub const INTERACTIVE_STEP_LIMIT: u64 = 300_000;

/// Per-pool counts at the cursor.
#[derive(Debug, Clone, Default)]
pub struct HeapSummary {
    /// Cursor the summary was computed for.
    pub cursor: usize,
    /// Arenas: (slot, base, first pool address, usable pools), by slot.
    pub arenas: Vec<(u32, u64, u64, u32)>,
    /// Each arena's free pools (never carved or emptied: `nfreepools`), as `arenas`.
    pub arena_free: Vec<u32>,
    /// Pools: address → (size-class index, blocks in use).
    pub pools: FxHashMap<u64, (u32, u32)>,
    /// Pools: address → blocks of the program (not left by start-up), where there are any.
    pub program: FxHashMap<u64, u32>,
    /// Bytes handed out in pymalloc blocks.
    pub block_bytes: u64,
    /// Live system-malloc chunks and their bytes.
    pub raw: (usize, u64),
    /// Live objects by type: (type name, objects, of which tracked), most numerous first.
    pub by_type: Vec<(&'static str, u64, u64)>,
    /// Objects in generations 0, 1, 2 and the permanent generation.
    pub generations: [usize; 4],
}

/// The lesson on screen.
pub struct Session {
    /// The lesson (interactive statements are appended as chapters).
    pub lesson: Lesson,
    /// The lesson played to the end.
    pub played: Played,
    /// The cursor.
    pub timeline: Timeline,
    /// Where statements start and collections happen in the events.
    pub marks: Marks,
    /// Where stepping stops, ascending: (event index, chapter shown). Each chapter has a stop
    /// at its start (before it runs: a note, a prediction), one per statement, and one at its
    /// end (what it printed, the prediction revealed). A chapter's end and the next one's start
    /// are the same event index, told apart by the chapter.
    pub stops: Vec<(usize, usize)>,
    /// The chapter shown at the cursor when the cursor is on a stop (else the chapter whose
    /// events the cursor is in).
    shown: Option<usize>,
    /// Where the object graph draws each object, and what the user did to it.
    pub layout: GraphLayout,
    /// The blocks start-up left in use (the heap map dims them).
    pub startup: StartupBlocks,
    summary: HeapSummary,
    plots: std::cell::OnceCell<Vec<PlotSeries>>,
}

/// Points per plotted series at most: buckets of statements keep their lowest and highest value.
pub const PLOT_POINTS: usize = 2000;

/// A plotted series: its name, which plot (0 memory, 1 generations), points (event, value).
pub type PlotSeries = (&'static str, u8, Vec<[f64; 2]>);

/// What a series reads from a snapshot.
type Measure = fn(&StepSnapshot) -> f64;

/// The series the plots draw.
const SERIES: [(&str, u8, Measure); 7] = [
    ("KiB in blocks", 0, |s| s.block_bytes as f64 / 1024.0),
    ("pools in use", 0, |s| s.pools as f64),
    ("arenas x 10", 0, |s| s.arenas as f64 * 10.0),
    ("objects in gen 0", 1, |s| f64::from(s.generations[0])),
    ("objects in gen 1", 1, |s| f64::from(s.generations[1])),
    ("objects in gen 2", 1, |s| f64::from(s.generations[2])),
    ("collections", 1, |s| s.collections as f64),
];

/// `f` over the snapshots, at most about `max` points: the whole series when short, else per
/// bucket of snapshots its lowest and its highest point, in order (peaks survive).
pub fn decimate(snaps: &[StepSnapshot], f: Measure, max: usize) -> Vec<[f64; 2]> {
    let point = |s: &StepSnapshot| [s.event as f64, f(s)];
    if snaps.len() <= max {
        return snaps.iter().map(point).collect();
    }
    let bucket = snaps.len().div_ceil(max / 2);
    let mut out = Vec::with_capacity(max + 2);
    for chunk in snaps.chunks(bucket) {
        let (mut lo, mut hi) = (0, 0);
        for (i, s) in chunk.iter().enumerate() {
            let v = f(s);
            if v < f(&chunk[lo]) {
                lo = i;
            }
            if v > f(&chunk[hi]) {
                hi = i;
            }
        }
        out.push(point(&chunk[lo.min(hi)]));
        if lo != hi {
            out.push(point(&chunk[lo.max(hi)]));
        }
    }
    out
}

/// Where statements start and collections happen in a session's events, found by one scan of
/// the events recorded since the last.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    /// Event indices where statements start (`Line` events), ascending.
    pub lines: Vec<usize>,
    /// Event indices of `GcStart`, `GcPhase` and `GcDone` events, ascending.
    pub gc: Vec<usize>,
    /// Event indices where collections start (`GcStart`), ascending.
    pub collections: Vec<usize>,
    /// Event indices where an arena is mapped (true) or released (false), ascending.
    pub arenas: Vec<(usize, bool)>,
    /// Events scanned.
    scanned: usize,
}

impl Marks {
    /// Scans the events recorded since the last scan.
    fn scan(&mut self, events: &EventLog) {
        let from = self.scanned;
        for (i, e) in events.range(from..events.len()).enumerate() {
            match e {
                Event::Line { .. } => self.lines.push(from + i),
                Event::GcStart { .. } => {
                    self.gc.push(from + i);
                    self.collections.push(from + i);
                }
                Event::GcPhase { .. } | Event::GcDone { .. } => self.gc.push(from + i),
                Event::ArenaNew { .. } => self.arenas.push((from + i, true)),
                Event::ArenaFree { .. } => self.arenas.push((from + i, false)),
                _ => {}
            }
        }
        self.scanned = events.len();
    }
}

/// The pymalloc blocks interpreter start-up left in use, and when each is first freed: a
/// block at one of these addresses is start-up's until then, the program's after (a freed
/// block handed out again). Found by one scan of the events, continued as statements are added.
#[derive(Debug, Clone, Default)]
pub struct StartupBlocks {
    /// Where the program's first step starts (the end of start-up).
    end: usize,
    /// Block address → the event index that first frees it (`usize::MAX`: not yet).
    blocks: FxHashMap<u64, usize>,
    /// Events scanned.
    scanned: usize,
}

impl StartupBlocks {
    /// Scans the events recorded since the last scan; `end` is where start-up ends.
    fn scan(&mut self, events: &EventLog, end: usize) {
        if self.scanned == 0 {
            self.end = end;
        }
        let from = self.scanned;
        for (i, e) in events.range(from..events.len()).enumerate() {
            match e {
                Event::BlockAlloc { addr, .. } if from + i < self.end => {
                    self.blocks.insert(addr, usize::MAX);
                }
                Event::BlockFree { addr, .. } if from + i < self.end => {
                    self.blocks.remove(&addr);
                }
                Event::BlockFree { addr, .. } => {
                    if let Some(freed) = self.blocks.get_mut(&addr) {
                        *freed = (*freed).min(from + i);
                    }
                }
                _ => {}
            }
        }
        self.scanned = events.len();
    }

    /// Whether the block at `addr` holds start-up's data with `cursor` events applied.
    pub fn holds_startup(&self, addr: u64, cursor: usize) -> bool {
        self.blocks.get(&addr).is_some_and(|&freed| freed >= cursor)
    }
}

/// A lesson being played for the screen a slice at a time ([`Pending::advance`]), until it
/// becomes a [`Session`].
pub struct Pending {
    lesson: Lesson,
    player: scenario::Player,
    /// Time travel's checkpoints, taken as the events are recorded.
    checkpoints: CheckpointBuilder,
    /// The events' marks, found as they are recorded.
    marks: Marks,
    done: bool,
}

impl Pending {
    /// The lesson on a preset (`None`: its own), before its first step.
    pub fn new(lesson: Lesson, python: Option<crate::engine::config::PyVersion>) -> Self {
        let mut config = lesson.config(python);
        if lesson.scenario.settings.step_limit.is_none() {
            // Nobody steps through millions of statements, and a student's endless loop must
            // not run for long: the app stops sooner than the command line.
            config.step_limit = config.step_limit.min(APP_STEP_LIMIT);
        }
        let player = scenario::Player::new(&lesson, config, true);
        Self {
            lesson,
            player,
            checkpoints: CheckpointBuilder::new(
                crate::bench::CHECKPOINT_INTERVAL,
                crate::bench::CHECKPOINT_BUDGET,
            ),
            marks: Marks::default(),
            done: false,
        }
    }

    /// Plays about `steps` more steps of the program; true when the lesson has been played.
    pub fn advance(&mut self, steps: u64) -> bool {
        self.done = self.done || self.player.advance(&self.lesson, steps);
        let events = &self.player.interp().heap.log;
        self.checkpoints.advance(events, events.len());
        self.marks.scan(events);
        self.done
    }

    /// Whether the lesson has been played to its end.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Stops the program where it is (the user asked): the chapter running ends there with
    /// a message saying so, and later chapters do not run.
    pub fn stop(&mut self) {
        let steps = self.player.interp().steps();
        self.player
            .stop(&format!("stopped by you after {steps} steps"));
    }

    /// Progress: steps run, chapters played of all, bytes of simulated memory in use.
    pub fn progress(&self) -> (u64, usize, usize, u64) {
        let interp = self.player.interp();
        (
            interp.steps(),
            self.player.steps_done(),
            self.lesson.scenario.steps.len(),
            interp.heap.alloc.memory_in_use(),
        )
    }

    /// The lesson being played.
    pub fn lesson(&self) -> &Lesson {
        &self.lesson
    }

    /// The most steps the run may take (then it stops with the step limit's message).
    pub fn step_limit(&self) -> u64 {
        self.player.interp().heap.config.step_limit
    }

    /// The version played.
    pub fn version(&self) -> crate::engine::config::PyVersion {
        self.player.interp().heap.config.version
    }

    /// The session (call once [`Pending::advance`] returned true): statements indexed, time
    /// travel's checkpoints taken, the cursor at the start of the first chapter.
    pub fn finish(self) -> Session {
        let checkpoints = self.checkpoints;
        let mut s = Session {
            lesson: self.lesson,
            played: self.player.finish(),
            timeline: Timeline::new(),
            marks: self.marks,
            stops: Vec::new(),
            shown: None,
            layout: GraphLayout::default(),
            startup: StartupBlocks::default(),
            summary: HeapSummary::default(),
            plots: std::cell::OnceCell::new(),
        };
        s.reindex();
        s.timeline = checkpoints.finish(&s.played.interp.heap.log);
        s.seek_stop(s.chapter_stop(0));
        s
    }
}

impl Session {
    /// Plays a lesson to its end (recording snapshots) and puts the cursor at the start of its
    /// first chapter.
    pub fn new(lesson: Lesson, python: Option<crate::engine::config::PyVersion>) -> Self {
        let mut pending = Pending::new(lesson, python);
        while !pending.advance(u64::MAX) {}
        pending.finish()
    }

    fn reindex(&mut self) {
        let events = &self.played.interp.heap.log;
        self.marks.scan(events);
        let program_start = self
            .played
            .steps
            .first()
            .map_or(events.len(), |r| r.events.start);
        self.startup.scan(events, program_start);
        self.stops.clear();
        for (k, run) in self.played.steps.iter().enumerate() {
            let (start, end) = (run.events.start, run.events.end);
            let first = self.marks.lines.partition_point(|&m| m <= start);
            // An empty step (no events) whose index is also the next statement's mark: none.
            let last = self.marks.lines.partition_point(|&m| m < end).max(first);
            // Before the chapter runs: where a note is read and a prediction asked (a chapter
            // of statements otherwise starts at its first one).
            let step = self.lesson.scenario.steps.get(k);
            if k == 0 || first == last || step.is_some_and(|s| s.prediction().is_some()) {
                self.stops.push((start, k));
            }
            self.stops
                .extend(self.marks.lines[first..last].iter().map(|&m| (m, k)));
            if end > start {
                self.stops.push((end, k));
            }
        }
        let snapshots = self.played.interp.rt.snapshots.as_deref().unwrap_or(&[]);
        self.layout.replace_history(snapshots);
        self.plots = std::cell::OnceCell::new();
        self.summary.cursor = usize::MAX;
    }

    /// All recorded events.
    pub fn events(&self) -> &EventLog {
        &self.played.interp.heap.log
    }

    /// The cursor (events applied).
    pub fn cursor(&self) -> usize {
        self.timeline.cursor()
    }

    /// Moves the cursor (the chapter shown is the one whose events it is in).
    pub fn seek(&mut self, step: usize) {
        let events = &self.played.interp.heap.log;
        self.timeline.seek(events, step);
        self.shown = None;
    }

    /// Moves the cursor to a stop, showing its chapter.
    pub fn seek_stop(&mut self, (event, chapter): (usize, usize)) {
        self.seek(event);
        self.shown = Some(chapter);
    }

    /// The cursor and the chapter shown, comparable with [`Session::stops`].
    pub fn here(&self) -> (usize, usize) {
        (self.cursor(), self.chapter())
    }

    /// Where the cursor is in lesson terms: (chapter, stops of it before the cursor).
    pub fn position(&self) -> (usize, usize) {
        let here = self.here();
        let chapter = here.1;
        let first = self
            .stops
            .partition_point(|s| *s < (self.chapter_start(chapter), chapter));
        (chapter, self.stops.partition_point(|s| *s < here) - first)
    }

    /// Moves to the same place in lesson terms as [`Session::position`] describes: that many
    /// stops into the chapter, or its last one when the chapter is shorter now.
    pub fn seek_position(&mut self, (chapter, done): (usize, usize)) {
        let of_chapter: Vec<(usize, usize)> = self
            .stops
            .iter()
            .copied()
            .filter(|s| s.1 == chapter)
            .collect();
        match of_chapter.get(done).or(of_chapter.last()) {
            Some(&stop) => self.seek_stop(stop),
            None => self.seek(self.events().len()),
        }
    }

    /// How many stops come before the cursor (0 on the first one): the step a link names.
    pub fn stop_index(&self) -> usize {
        let here = self.here();
        self.stops.partition_point(|s| *s < here)
    }

    /// The number of stops of the lesson.
    pub fn stop_count(&self) -> usize {
        self.stops.len()
    }

    /// Moves to the `n`th stop (0 = the first), or the last one when there are fewer.
    pub fn seek_stop_index(&mut self, n: usize) {
        match self.stops.get(n).or(self.stops.last()) {
            Some(&stop) => self.seek_stop(stop),
            None => self.seek(self.events().len()),
        }
    }

    /// The next stop after the cursor (or the end).
    pub fn next_stop(&self) -> (usize, usize) {
        let here = self.here();
        let i = self.stops.partition_point(|s| *s <= here);
        self.stops
            .get(i)
            .copied()
            .unwrap_or((self.events().len(), self.chapter()))
    }

    /// The previous stop before the cursor (or the start).
    pub fn prev_stop(&self) -> (usize, usize) {
        let here = self.here();
        let i = self.stops.partition_point(|s| *s < here);
        i.checked_sub(1)
            .and_then(|i| self.stops.get(i).copied())
            .unwrap_or((self.chapter_start(0), 0))
    }

    /// The chapter an event index belongs to when no stop says otherwise: the last one that
    /// started at or before it.
    pub fn default_chapter(&self, event: usize) -> usize {
        self.played
            .steps
            .iter()
            .rposition(|r| r.events.start <= event)
            .unwrap_or(0)
    }

    /// The chapter shown: the one of the stop the cursor is on, else the last one that started
    /// at or before the cursor.
    pub fn chapter(&self) -> usize {
        let c = self.cursor();
        if let Some(k) = self.shown {
            if self.stops.binary_search(&(c, k)).is_ok() {
                return k;
            }
        }
        self.default_chapter(c)
    }

    /// Where stepping shows chapter `k` first: its first stop.
    pub fn chapter_stop(&self, k: usize) -> (usize, usize) {
        let i = self
            .stops
            .partition_point(|s| *s < (self.chapter_start(k), k));
        self.stops
            .get(i)
            .copied()
            .filter(|s| s.1 == k)
            .unwrap_or((self.chapter_start(k), k))
    }

    /// Start of chapter `i`.
    pub fn chapter_start(&self, i: usize) -> usize {
        self.played
            .steps
            .get(i)
            .map_or(self.events().len(), |r| r.events.start)
    }

    /// The step shown at the cursor and its record.
    pub fn current_step(&self) -> Option<(&Step, &scenario::StepRun)> {
        let i = self.chapter();
        Some((
            self.lesson.scenario.steps.get(i)?,
            self.played.steps.get(i)?,
        ))
    }

    /// The view hints of the current step.
    pub fn view_hints(&self) -> View {
        self.current_step()
            .map(|(s, _)| s.view().clone())
            .unwrap_or_default()
    }

    /// The source line running at the cursor, relative to its chapter's code (1-based).
    pub fn code_line(&self) -> Option<u32> {
        let (line, _) = self.timeline.line_at(self.events())?;
        let pos = self
            .lesson
            .positions
            .get(self.chapter())
            .copied()
            .unwrap_or_default();
        line.checked_sub(pos.code_offset)
    }

    /// The next event index after the cursor matching `pred` (or the end).
    pub fn find_forward(&self, pred: impl Fn(&Event) -> bool) -> usize {
        let c = self.cursor();
        self.events()
            .iter_from(c + 1)
            .position(|e| pred(&e))
            .map_or(self.events().len(), |i| c + 1 + i + 1)
    }

    /// When the cursor is inside a collection: each examined object's gc_refs (after internal
    /// references were subtracted), by object slot.
    pub fn gc_refs_at_cursor(&self) -> Option<std::collections::HashMap<u32, u32>> {
        let events = self.events();
        let c = self.cursor().min(events.len());
        let upto = self.marks.gc.partition_point(|&i| i < c);
        let last = *self.marks.gc[..upto].last()?;
        if matches!(events.get(last), Some(Event::GcDone { .. })) {
            return None;
        }
        let start = self.marks.gc[..upto]
            .iter()
            .rev()
            .copied()
            .find(|&i| matches!(events.get(i), Some(Event::GcStart { .. })))?;
        let mut out = std::collections::HashMap::new();
        for e in events.range(start..c) {
            if let Event::GcRefs { obj, gc_refs } = e {
                out.insert(obj.0, gc_refs);
            }
        }
        Some(out)
    }

    /// The snapshot before the one at the cursor (to show what was freed since).
    pub fn previous_snapshot(&self) -> Option<&StepSnapshot> {
        let snaps = self.played.interp.rt.snapshots.as_ref()?;
        let c = self.cursor();
        let i = snaps.partition_point(|s| s.event <= c);
        snaps.get(i.checked_sub(2)?)
    }

    /// The snapshot at or before the cursor.
    pub fn snapshot(&self) -> Option<&StepSnapshot> {
        self.snapshots().get(self.snapshot_index()?)
    }

    /// The index of the snapshot at or before the cursor.
    pub fn snapshot_index(&self) -> Option<usize> {
        let c = self.cursor();
        self.snapshots()
            .partition_point(|s| s.event <= c)
            .checked_sub(1)
    }

    /// The plotted series, computed once per history: (name, plot 0 memory or 1 generations,
    /// points), each at most about [`PLOT_POINTS`] long.
    pub fn plot_series(&self) -> &[PlotSeries] {
        self.plots.get_or_init(|| {
            SERIES
                .iter()
                .map(|&(name, plot, f)| (name, plot, decimate(self.snapshots(), f, PLOT_POINTS)))
                .collect()
        })
    }

    /// All snapshots (for plots).
    pub fn snapshots(&self) -> &[StepSnapshot] {
        self.played.interp.rt.snapshots.as_deref().unwrap_or(&[])
    }

    /// Per-pool counts at the cursor (recomputed only when the cursor moved).
    pub fn heap_summary(&mut self) -> &HeapSummary {
        let cursor = self.cursor();
        if self.summary.cursor != cursor {
            let view = self.timeline.view();
            let pool_size = self.played.interp.heap.alloc.pool_size();
            let mut arenas: Vec<(u32, u64, u64, u32)> = view
                .arenas
                .iter()
                .map(|(&slot, &(base, n))| {
                    let first = if base % pool_size == 0 {
                        base
                    } else {
                        base + pool_size - base % pool_size
                    };
                    (slot, base, first, n)
                })
                .collect();
            arenas.sort_unstable();
            let mut pools: FxHashMap<u64, (u32, u32)> =
                view.pools.iter().map(|(&a, &s)| (a, (s, 0))).collect();
            let mut bytes = 0;
            let mut program: FxHashMap<u64, u32> = FxHashMap::default();
            for (&addr, &size) in &view.blocks {
                bytes += u64::from(size);
                let pool = addr - addr % pool_size;
                if let Some(p) = pools.get_mut(&pool) {
                    p.1 += 1;
                    if !self.startup.holds_startup(addr, cursor) {
                        *program.entry(pool).or_default() += 1;
                    }
                }
            }
            let arena_free = arenas
                .iter()
                .map(|&(_, _, first, ntotal)| {
                    (0..u64::from(ntotal))
                        .filter(|i| {
                            pools
                                .get(&(first + i * pool_size))
                                .is_none_or(|&(_, used)| used == 0)
                        })
                        .count() as u32
                })
                .collect();
            let raw = (
                view.raw.len(),
                view.raw.values().map(|&n| u64::from(n)).sum(),
            );
            let mut types: FxHashMap<u8, (u64, u64)> = FxHashMap::default();
            let mut generations = [0; 4];
            for o in view.objects.values() {
                let e = types.entry(o.ty.0).or_default();
                e.0 += 1;
                e.1 += u64::from(o.generation != crate::engine::object::UNTRACKED);
                if let Some(n) = generations.get_mut(o.generation as usize) {
                    *n += 1;
                }
            }
            let mut by_type: Vec<(&'static str, u64, u64)> = types
                .into_iter()
                .map(|(t, (n, tr))| (crate::engine::event::TypeTag(t).name(), n, tr))
                .collect();
            by_type.sort_by_key(|r| (std::cmp::Reverse(r.1), r.0));
            self.summary = HeapSummary {
                cursor,
                arenas,
                arena_free,
                pools,
                program,
                block_bytes: bytes,
                raw,
                by_type,
                generations,
            };
        }
        &self.summary
    }

    /// The summary computed by [`Session::heap_summary`] for the current cursor.
    pub fn summary_ref(&self) -> Option<&HeapSummary> {
        (self.summary.cursor == self.cursor()).then_some(&self.summary)
    }

    /// Blocks per pool for a size class.
    pub fn blocks_per_pool(&self, szidx: u32) -> u32 {
        self.played.interp.heap.alloc.blocks_per_pool(szidx)
    }

    /// Pool size in bytes.
    pub fn pool_size(&self) -> u64 {
        self.played.interp.heap.alloc.pool_size()
    }

    /// Runs extra Python at the end of the lesson (the app's command line).
    pub fn run_statement(&mut self, code: &str) {
        let end = self.events().len();
        self.seek(end);
        let step = Step::code_chapter(&format!("> {}", code.lines().next().unwrap_or("")), code);
        // A statement typed in class must not freeze the window: a tight step limit per run.
        let limit = self.played.interp.heap.config.step_limit;
        self.played.interp.heap.config.step_limit = limit.min(INTERACTIVE_STEP_LIMIT);
        let run = scenario::play_step(&mut self.played.interp, &step, StepPosition::default());
        self.played.interp.heap.config.step_limit = limit;
        self.lesson.scenario.steps.push(step);
        self.lesson.positions.push(StepPosition::default());
        self.played.steps.push(run);
        self.reindex();
        let end = self.events().len();
        self.seek_stop((end, self.played.steps.len() - 1));
    }

    /// The block size of a size class.
    pub fn class_size(szidx: u32) -> u32 {
        Allocator::class_size(szidx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snaps(values: &[u64]) -> Vec<StepSnapshot> {
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| StepSnapshot {
                event: i * 10,
                pools: v,
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn short_series_are_drawn_whole() {
        let s = snaps(&[3, 1, 4]);
        let pts = decimate(&s, |s| s.pools as f64, 10);
        assert_eq!(pts, vec![[0.0, 3.0], [10.0, 1.0], [20.0, 4.0]]);
    }

    #[test]
    fn long_series_keep_their_peaks_in_order_within_the_budget() {
        // A saw-tooth with one spike: the spike must survive decimation.
        let mut values: Vec<u64> = (0..100_000).map(|i| i % 7).collect();
        values[54_321] = 1000;
        let s = snaps(&values);
        let pts = decimate(&s, |s| s.pools as f64, 2000);
        assert!(pts.len() <= 2002, "{} points", pts.len());
        assert!(pts.contains(&[543_210.0, 1000.0]), "the spike is kept");
        assert!(pts.windows(2).all(|w| w[0][0] < w[1][0]), "x ascending");
        let lows = pts.iter().filter(|p| p[1] == 0.0).count();
        assert!(lows > 900, "every bucket keeps its low: {lows}");
    }
}
