//! Random seeks over recorded histories: wherever the cursor went before, the state at an event
//! index must be the one a fresh replay from the start gives.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pymemsim::engine::config::{EngineConfig, PyVersion};
use pymemsim::engine::timeline::Timeline;
use pymemsim::python::Interp;

/// Programs whose histories are travelled: cycles, finalizers, weak references, growth.
const PROGRAMS: [&str; 3] = [
    "import gc\nclass N:\n    def __del__(self): print('del')\na, b = N(), N()\na.o = b\nb.o = a\ndel a, b\nprint(gc.collect())\nl = [[i] * i for i in range(60)]\ndel l[::2]\n",
    "import weakref, gc\nclass C: pass\nc = C()\nr = weakref.ref(c, lambda r: print('gone'))\nd = {i: str(i) for i in range(300)}\ndel c\nd.clear()\ngc.collect()\n",
    "def gen():\n    x = [1, 2, 3]\n    yield from x\ng = gen()\nnext(g)\ns = set(range(100))\nt = tuple(s)\ntry:\n    1 / 0\nexcept ZeroDivisionError as e:\n    keep = e\ndel keep, g\n",
];

thread_local! {
    static HISTORIES: Vec<Interp> = PROGRAMS
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let minor = [8, 12, 14][i];
            let mut config = EngineConfig::for_version(PyVersion { minor });
            config.startup_objects = 100;
            let mut interp = Interp::new(config, "travel.py");
            let _ = interp.run_source(p);
            interp
        })
        .collect();
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, seeks)) = data.split_first() else {
        return;
    };
    HISTORIES.with(|histories| {
        let log = &histories[usize::from(pick) % histories.len()].heap.log;
        let n = log.len();
        // A timeline with checkpoints, as the app keeps, jumping around.
        let mut t = Timeline::with_checkpoints(log, 512, 64);
        for chunk in seeks.chunks(2).take(64) {
            let raw = usize::from(chunk[0]) << 8 | usize::from(*chunk.get(1).unwrap_or(&0));
            let target = raw * (n + 1) / 65_536;
            t.seek(log, target);
            let mut fresh = Timeline::new();
            fresh.seek(log, target);
            assert_eq!(t.cursor(), target);
            assert!(
                t.view() == fresh.view(),
                "state at {target} after jumping differs"
            );
        }
    });
});
