//! The desktop app driven like a user would: by labels, buttons and the keyboard, asserting on
//! the app's state (egui_kittest). Snapshot images are compared only when a GPU adapter (lavapipe
//! in CI) is available; behaviour tests always run.
#![cfg(feature = "gui")]

use egui_kittest::Harness;
use pymemsim::app::SimApp;

fn harness(app: SimApp) -> Harness<'static, SimApp> {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut SimApp| pymemsim::ui::app_ui(app, ui), app)
}

#[test]
fn space_steps_forward_and_left_steps_back() {
    let mut h = harness(SimApp::with_default_lesson());
    h.run();
    let start = h.state().session.cursor();
    h.key_press(egui::Key::Space);
    h.run();
    let after = h.state().session.cursor();
    assert!(after > start, "Space moved from {start} to {after}");
    h.key_press(egui::Key::Space);
    h.run();
    let after2 = h.state().session.cursor();
    assert!(after2 > after);
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().session.cursor(), after);
}
