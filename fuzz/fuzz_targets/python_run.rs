//! Python source -> run, on a preset picked by the first byte, with small limits. Whatever the
//! input, pymemsim must end with output or a located error: never a panic, a hang or a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pymemsim::engine::config::{EngineConfig, PyVersion};
use pymemsim::python::Interp;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(source) = std::str::from_utf8(rest) else {
        return;
    };
    let presets: Vec<u8> = PyVersion::SUPPORTED.collect();
    let minor = presets[usize::from(pick) % presets.len()];
    let source = source.to_owned();
    // The interpreter recurses once per Python call: the binary gives it a large stack, so
    // does this target.
    let run = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let config = EngineConfig::for_version(PyVersion { minor }).with_fuzzing_limits();
            let mut interp = Interp::new(config, "fuzz.py");
            let _ = interp.run_source(&source);
        })
        .expect("a thread");
    if run.join().is_err() {
        panic!("the interpreter panicked");
    }
});
