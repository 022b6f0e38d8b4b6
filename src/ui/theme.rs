//! Design tokens: the colour-blind-safe palette (Okabe–Ito) for size classes, object types and
//! generations, the presenter-mode text sizes, and the fonts (`assets/fonts/`). No other module
//! picks colours or faces.

use egui::Color32;

/// Okabe–Ito: distinguishable with the common colour-vision deficiencies.
const OKABE_ITO: [Color32; 7] = [
    Color32::from_rgb(230, 159, 0),   // orange
    Color32::from_rgb(86, 180, 233),  // sky blue
    Color32::from_rgb(0, 158, 115),   // bluish green
    Color32::from_rgb(240, 228, 66),  // yellow
    Color32::from_rgb(0, 114, 178),   // blue
    Color32::from_rgb(213, 94, 0),    // vermillion
    Color32::from_rgb(204, 121, 167), // reddish purple
];

/// Colour of a size class (cycles through the palette; cells also carry the size as text).
pub fn size_class(szidx: u32) -> Color32 {
    OKABE_ITO[(szidx as usize) % OKABE_ITO.len()]
}

/// Colour of a generation (0, 1, 2, permanent) or untracked (255).
pub fn generation(g: u8) -> Color32 {
    match g {
        0 => OKABE_ITO[1],
        1 => OKABE_ITO[0],
        2 => OKABE_ITO[4],
        3 => OKABE_ITO[6],
        _ => Color32::GRAY,
    }
}

/// Highlight for the selection and the garbage.
pub const SELECTED: Color32 = Color32::from_rgb(240, 228, 66);
/// Objects nothing outside a cycle refers to.
pub const GARBAGE: Color32 = Color32::from_rgb(213, 94, 0);
/// A name the narration speaks of (the lesson's `highlight`), readable on the frame's
/// background.
pub fn spotlight_text(dark: bool) -> Color32 {
    if dark {
        SELECTED
    } else {
        Color32::from_rgb(150, 110, 0)
    }
}

/// The border of a pool holding blocks of the program (start-up's pools have none).
pub fn program_pool(dark: bool) -> Color32 {
    if dark {
        Color32::WHITE
    } else {
        Color32::BLACK
    }
}

/// Never-carved or free space.
pub fn empty(dark: bool) -> Color32 {
    if dark {
        Color32::from_gray(45)
    } else {
        Color32::from_gray(215)
    }
}

/// Caption size in presenter mode (points, before the presenter zoom).
pub const PRESENTER_CAPTION: f32 = 17.0;
/// Zoom factor of presenter mode.
pub const PRESENTER_ZOOM: f32 = 1.85;

/// The toolbar's icons: codepoints of the Phosphor font (`assets/fonts/Phosphor.ttf`).
pub mod icon {
    /// Back to the start.
    pub const RESET: &str = "\u{E5A4}";
    /// Previous chapter.
    pub const CHAPTER_BACK: &str = "\u{E128}";
    /// Back one statement.
    pub const BACK: &str = "\u{E138}";
    /// Forward one statement.
    pub const STEP: &str = "\u{E13A}";
    /// Next chapter.
    pub const CHAPTER_FORWARD: &str = "\u{E12A}";
    /// To the end.
    pub const END: &str = "\u{E5A6}";
    /// Play.
    pub const PLAY: &str = "\u{E3D0}";
    /// Pause.
    pub const PAUSE: &str = "\u{E39E}";
    /// The collector.
    pub const GC: &str = "\u{E75A}";
    /// Arenas.
    pub const ARENA: &str = "\u{E464}";
    /// Presenter mode.
    pub const PRESENTER: &str = "\u{E654}";
    /// The code panel.
    pub const CODE: &str = "\u{E1BC}";
    /// The GC panel.
    pub const GC_PANEL: &str = "\u{E628}";
    /// Enlarge the middle panel.
    pub const ENLARGE: &str = "\u{E0A2}";
    /// Help.
    pub const HELP: &str = "\u{E3E8}";
    /// Light theme.
    pub const SUN: &str = "\u{E472}";
    /// Dark theme.
    pub const MOON: &str = "\u{E330}";
    /// Exports.
    pub const EXPORT: &str = "\u{EAF0}";
    /// A link to this program at this step (in a browser page).
    pub const LINK: &str = "\u{E2E2}";
    /// Lessons.
    pub const LESSONS: &str = "\u{E0E6}";
    /// Side by side.
    pub const COMPARE: &str = "\u{E546}";
}

/// The window icon (`assets/icon.png`, drawn by `assets/make_icon.py`).
pub const ICON_PNG: &[u8] = include_bytes!("../../assets/icon.png");

/// DejaVu Sans and DejaVu Sans Mono (`assets/fonts/`, Bitstream Vera licence): a regular weight
/// that stays legible on a projector, with the arrows, boxes and marks the views draw. egui's
/// own faces stay as fallbacks.
pub fn install_fonts(ctx: &egui::Context) {
    let id = egui::Id::unique("pymemsim-fonts");
    if ctx.data(|d| d.get_temp::<bool>(id)).is_some() {
        return;
    }
    let mut fonts = egui::FontDefinitions::default();
    for (name, data, family) in [
        (
            "DejaVuSans",
            &include_bytes!("../../assets/fonts/DejaVuSans.ttf")[..],
            egui::FontFamily::Proportional,
        ),
        (
            "DejaVuSansMono",
            &include_bytes!("../../assets/fonts/DejaVuSansMono.ttf")[..],
            egui::FontFamily::Monospace,
        ),
    ] {
        fonts.font_data.insert(
            name.into(),
            std::sync::Arc::new(egui::FontData::from_static(data)),
        );
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, name.into());
    }
    // The icons live in the Private Use Area: a fallback of the UI face.
    fonts.font_data.insert(
        "Phosphor".into(),
        std::sync::Arc::new(egui::FontData::from_static(include_bytes!(
            "../../assets/fonts/Phosphor.ttf"
        ))),
    );
    fonts
        .families
        .entry(egui::FontFamily::Proportional)
        .or_default()
        .push("Phosphor".into());
    ctx.set_fonts(fonts);
    ctx.data_mut(|d| d.insert_temp(id, true));
}
