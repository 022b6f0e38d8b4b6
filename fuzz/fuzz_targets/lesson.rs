//! Lesson text -> load (RON, or `# %%` Python when it starts with `#`), play with small limits,
//! check; a lesson that loads must survive the trip through RON, and through `.py` when it has
//! no allocator operations, unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pymemsim::scenario::{cells, play_config, Lesson};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = if text.starts_with('#') {
        "f.py"
    } else {
        "f.ron"
    };
    let Ok(lesson) = Lesson::from_text(path, text) else {
        return;
    };
    let ron = match lesson.to_ron() {
        Ok(ron) => ron,
        // RON escapes control characters: a lesson near the size limit can grow past it, and
        // is then refused with a message rather than written unreadable.
        Err(e) if e.contains("pymemsim opens files of at most") => return,
        Err(e) => panic!("a lesson writes as RON: {e}"),
    };
    let back = Lesson::from_text("back.ron", &ron).expect("its RON reads back");
    assert_eq!(back.scenario, lesson.scenario, "RON round trip\n{ron}");
    if let Ok(py) = cells::to_py(&lesson.scenario) {
        let back = Lesson::from_text("back.py", &py).expect("its .py reads back");
        assert_eq!(
            cells::comparable(&back.scenario),
            cells::comparable(&lesson.scenario),
            ".py round trip\n{py}"
        );
    }
    let config = lesson.config(None).with_fuzzing_limits();
    let run = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let played = play_config(&lesson, config, false);
            let _ = played.failures(&lesson);
        })
        .expect("a thread");
    if run.join().is_err() {
        panic!("playing the lesson panicked");
    }
});
