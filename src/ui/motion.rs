//! Motion that explains: a step forward (Space, →, or playing) is drawn as a short transition
//! from the stop before — new objects fade and slide in beside their referrer, freed ones fade
//! out in place, a changed reference count pulses, a pool that hands out a block flashes.
//! A jump, a step back or a drag of the timeline is drawn at once (nothing moves while
//! scrubbing). The transition lasts a step's share of the playing speed, at most half a
//! second; egui's `animation_time` of 0 (reduced motion, and the tests) turns motion off.

use std::hash::Hash;

/// What is remembered between frames of one view: the stop last drawn, when the transition
/// into it started, and whether it is animated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shown {
    stop: usize,
    since: f64,
    animated: bool,
}

/// The transition's length at `speed` statements per second.
pub fn duration(speed: f32) -> f64 {
    (0.8 / f64::from(speed.max(0.1))).clamp(0.15, 0.5)
}

/// The state after drawing `stop` at time `now` (seconds), and how far its transition has got
/// (0 just stepped, 1 done or none). Only a step to the next stop is animated.
pub fn advance(last: Option<Shown>, stop: usize, now: f64, length: f64) -> (Shown, f32) {
    let shown = match last {
        Some(l) if l.stop == stop => l,
        Some(l) => Shown {
            stop,
            since: now,
            animated: stop == l.stop + 1,
        },
        None => Shown {
            stop,
            since: now,
            animated: false,
        },
    };
    let t = if shown.animated && length > 0.0 {
        ((now - shown.since) / length).clamp(0.0, 1.0) as f32
    } else {
        1.0
    };
    (shown, t)
}

/// How far the transition into `stop` has got for the view `salt` (0..=1; 1 when none runs),
/// asking for the next frame while it runs.
pub fn progress(ui: &egui::Ui, salt: impl Hash + std::fmt::Debug, stop: usize, speed: f32) -> f32 {
    let ctx = ui.ctx();
    if ctx.global_style().animation_time <= 0.0 {
        return 1.0;
    }
    let id = egui::Id::unique(("motion", salt));
    let now = ui.input(|i| i.time);
    let last = ctx.data(|d| d.get_temp::<Shown>(id));
    let (shown, t) = advance(last, stop, now, duration(speed));
    if last != Some(shown) {
        ctx.data_mut(|d| d.insert_temp(id, shown));
    }
    if t < 1.0 {
        ctx.request_repaint();
    }
    t
}

/// Eased progress (fast start, soft landing).
pub fn ease(t: f32) -> f32 {
    1.0 - (1.0 - t).powi(3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_forward_is_animated_a_jump_or_a_step_back_is_not() {
        let (s, t) = advance(None, 3, 10.0, 0.4);
        assert_eq!(t, 1.0, "the first frame draws the stop as it is");
        let (s, t) = advance(Some(s), 4, 11.0, 0.4);
        assert_eq!(t, 0.0, "one stop forward starts a transition");
        let (s, t) = advance(Some(s), 4, 11.2, 0.4);
        assert!(
            (t - 0.5).abs() < 1e-6,
            "half way after half its length: {t}"
        );
        let (s, t) = advance(Some(s), 4, 11.5, 0.4);
        assert_eq!(t, 1.0, "then it is done");
        let (s, t) = advance(Some(s), 3, 12.0, 0.4);
        assert_eq!(t, 1.0, "a step back is drawn at once");
        let (_, t) = advance(Some(s), 9, 12.0, 0.4);
        assert_eq!(t, 1.0, "so is a jump (a drag of the timeline)");
    }

    #[test]
    fn faster_playing_makes_shorter_transitions_within_bounds() {
        assert_eq!(duration(2.0), 0.4);
        assert_eq!(duration(100.0), 0.15);
        assert_eq!(duration(0.5), 0.5);
        assert_eq!(ease(0.0), 0.0);
        assert_eq!(ease(1.0), 1.0);
        assert!(ease(0.5) > 0.5);
    }
}
