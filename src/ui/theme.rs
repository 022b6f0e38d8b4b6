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
/// Never-carved or free space.
pub fn empty(dark: bool) -> Color32 {
    if dark {
        Color32::from_gray(45)
    } else {
        Color32::from_gray(215)
    }
}

/// Caption size in presenter mode (points, before the presenter zoom).
pub const PRESENTER_CAPTION: f32 = 22.0;
/// Zoom factor of presenter mode.
pub const PRESENTER_ZOOM: f32 = 1.5;

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
    ctx.set_fonts(fonts);
    ctx.data_mut(|d| d.insert_temp(id, true));
}
