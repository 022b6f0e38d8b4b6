//! A software rasterizer for egui's output: runs a UI closure in a headless context, applies
//! its texture uploads, tessellates and fills the triangles on the CPU into an RGBA image. It
//! draws exports (GIF, APNG, PNG) without a window or a GPU, the same on every machine. (The
//! CPU renderers on crates.io follow older egui versions.)
//!
//! Blending follows egui's renderers: premultiplied colours in gamma space, vertex colour times
//! texture colour, `src + dst * (1 - src.alpha)`.

use std::collections::HashMap;

use egui::epaint::{ClippedPrimitive, Primitive, Vertex};
use egui::{Color32, ColorImage, Context, TextureId};

/// A headless egui context with the textures it uploaded.
pub struct SoftRenderer {
    /// The context the UI runs in.
    pub ctx: Context,
    textures: HashMap<TextureId, ColorImage>,
    size: [usize; 2],
}

impl SoftRenderer {
    /// A renderer drawing `width` × `height` pixels (one pixel per point).
    pub fn new(width: usize, height: usize) -> Self {
        Self {
            ctx: Context::default(),
            textures: HashMap::new(),
            size: [width, height],
        }
    }

    /// Runs `ui` for `passes` frames (layout settles over the first ones) and draws the last.
    pub fn render(&mut self, passes: usize, mut ui: impl FnMut(&mut egui::Ui)) -> ColorImage {
        let [w, h] = self.size;
        let mut image = ColorImage::filled(self.size, Color32::BLACK);
        for pass in 0..passes.max(1) {
            // The screen in points: fewer of them when the UI is zoomed (presenter mode).
            let zoom = self.ctx.zoom_factor();
            let input = egui::RawInput {
                screen_rect: Some(egui::Rect::from_min_size(
                    egui::Pos2::ZERO,
                    egui::vec2(w as f32, h as f32) / zoom,
                )),
                ..Default::default()
            };
            let out = self.ctx.run_ui(input, &mut ui);
            for (id, deltas) in &out.textures_delta.set {
                for delta in deltas {
                    self.upload(*id, delta);
                }
            }
            if pass + 1 == passes.max(1) {
                let background = self.ctx.global_style().visuals.panel_fill;
                image = ColorImage::filled(self.size, background);
                let ppp = out.pixels_per_point;
                let primitives = self.ctx.tessellate(out.shapes, ppp);
                for p in &primitives {
                    self.draw(&mut image, p, ppp);
                }
            }
            for id in &out.textures_delta.free {
                self.textures.remove(id);
            }
        }
        image
    }

    fn upload(&mut self, id: TextureId, delta: &egui::epaint::ImageDelta) {
        let egui::ImageData::Color(patch) = &delta.image;
        match delta.pos {
            None => {
                self.textures.insert(id, (**patch).clone());
            }
            Some([x0, y0]) => {
                let Some(tex) = self.textures.get_mut(&id) else {
                    return;
                };
                let [tw, th] = tex.size;
                let [pw, ph] = patch.size;
                for y in 0..ph.min(th.saturating_sub(y0)) {
                    for x in 0..pw.min(tw.saturating_sub(x0)) {
                        tex.pixels[(y0 + y) * tw + x0 + x] = patch.pixels[y * pw + x];
                    }
                }
            }
        }
    }

    fn draw(&self, image: &mut ColorImage, p: &ClippedPrimitive, ppp: f32) {
        let Primitive::Mesh(mesh) = &p.primitive else {
            return;
        };
        let texture = self.textures.get(&mesh.texture_id);
        let [w, h] = image.size;
        let clip =
            egui::Rect::from_min_max(p.clip_rect.min * ppp, p.clip_rect.max * ppp).intersect(
                egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(w as f32, h as f32)),
            );
        if !clip.is_positive() {
            return;
        }
        for tri in mesh.indices.chunks_exact(3) {
            let v = |i: u32| {
                mesh.vertices.get(i as usize).map(|v| Vertex {
                    pos: egui::pos2(v.pos.x * ppp, v.pos.y * ppp),
                    ..*v
                })
            };
            if let (Some(a), Some(b), Some(c)) = (v(tri[0]), v(tri[1]), v(tri[2])) {
                fill_triangle(image, clip, texture, [&a, &b, &c]);
            }
        }
    }
}

fn edge(a: egui::Pos2, b: egui::Pos2, p: egui::Pos2) -> f32 {
    (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
}

/// Fills one triangle: each pixel whose centre is inside gets the interpolated vertex colour
/// times the texture (nearest texel), blended over what is there.
fn fill_triangle(
    image: &mut ColorImage,
    clip: egui::Rect,
    texture: Option<&ColorImage>,
    [a, b, c]: [&Vertex; 3],
) {
    let area = edge(a.pos, b.pos, c.pos);
    if area.abs() < 1e-6 {
        return;
    }
    let min_x = a.pos.x.min(b.pos.x).min(c.pos.x).max(clip.min.x).floor() as usize;
    let max_x = a.pos.x.max(b.pos.x).max(c.pos.x).min(clip.max.x).ceil() as usize;
    let min_y = a.pos.y.min(b.pos.y).min(c.pos.y).max(clip.min.y).floor() as usize;
    let max_y = a.pos.y.max(b.pos.y).max(c.pos.y).min(clip.max.y).ceil() as usize;
    let width = image.size[0];
    let same_colour = a.color == b.color && b.color == c.color;
    // A texture of one white texel (egui's default for untextured shapes) is the colour alone.
    let solid = texture.is_none_or(|t| {
        let at = |v: &Vertex| texel(t, v.uv.x, v.uv.y);
        at(a) == Color32::WHITE
            && at(b) == Color32::WHITE
            && at(c) == Color32::WHITE
            && a.uv == b.uv
            && b.uv == c.uv
    });
    for y in min_y..max_y {
        let py = y as f32 + 0.5;
        if py < clip.min.y || py > clip.max.y {
            continue;
        }
        for x in min_x..max_x {
            let px = x as f32 + 0.5;
            if px < clip.min.x || px > clip.max.x {
                continue;
            }
            let p = egui::pos2(px, py);
            let (w0, w1, w2) = (
                edge(b.pos, c.pos, p) / area,
                edge(c.pos, a.pos, p) / area,
                edge(a.pos, b.pos, p) / area,
            );
            if w0 < 0.0 || w1 < 0.0 || w2 < 0.0 {
                continue;
            }
            let mut src = if same_colour {
                a.color
            } else {
                lerp3(a.color, b.color, c.color, w0, w1, w2)
            };
            if !solid {
                if let Some(t) = texture {
                    let u = a.uv.x * w0 + b.uv.x * w1 + c.uv.x * w2;
                    let v = a.uv.y * w0 + b.uv.y * w1 + c.uv.y * w2;
                    src = multiply(src, texel(t, u, v));
                }
            }
            let dst = &mut image.pixels[y * width + x];
            *dst = over(src, *dst);
        }
    }
}

fn texel(t: &ColorImage, u: f32, v: f32) -> Color32 {
    let [tw, th] = t.size;
    let x = ((u * tw as f32) as usize).min(tw.saturating_sub(1));
    let y = ((v * th as f32) as usize).min(th.saturating_sub(1));
    t.pixels.get(y * tw + x).copied().unwrap_or(Color32::WHITE)
}

fn lerp3(a: Color32, b: Color32, c: Color32, w0: f32, w1: f32, w2: f32) -> Color32 {
    let ch = |i: usize| {
        (f32::from(a[i]) * w0 + f32::from(b[i]) * w1 + f32::from(c[i]) * w2)
            .round()
            .clamp(0.0, 255.0) as u8
    };
    Color32::from_rgba_premultiplied(ch(0), ch(1), ch(2), ch(3))
}

fn multiply(a: Color32, b: Color32) -> Color32 {
    let ch = |i: usize| ((u16::from(a[i]) * u16::from(b[i]) + 127) / 255) as u8;
    Color32::from_rgba_premultiplied(ch(0), ch(1), ch(2), ch(3))
}

/// Premultiplied `src` over `dst`.
fn over(src: Color32, dst: Color32) -> Color32 {
    let inv = 255 - u16::from(src.a());
    let ch = |i: usize| (u16::from(src[i]) + (u16::from(dst[i]) * inv + 127) / 255).min(255) as u8;
    Color32::from_rgba_premultiplied(ch(0), ch(1), ch(2), ch(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_rectangle_and_text_are_drawn() {
        let mut r = SoftRenderer::new(200, 100);
        let image = r.render(2, |ui| {
            egui::CentralPanel::default_margins().show(ui, |ui| {
                let rect =
                    egui::Rect::from_min_size(egui::pos2(10.0, 10.0), egui::vec2(40.0, 20.0));
                ui.painter().rect_filled(rect, 0.0, Color32::RED);
                ui.put(
                    egui::Rect::from_min_size(egui::pos2(60.0, 40.0), egui::vec2(120.0, 40.0)),
                    egui::Label::new(egui::RichText::new("Hello").size(30.0)),
                );
            });
        });
        let at = |x: usize, y: usize| image.pixels[y * 200 + x];
        assert_eq!(at(20, 20), Color32::RED, "inside the rectangle");
        assert_eq!(
            at(5, 5),
            r.ctx.global_style().visuals.panel_fill,
            "outside it"
        );
        // The text: some pixels in its box are much lighter than the background.
        let background = r.ctx.global_style().visuals.panel_fill.r();
        let bright = (40..80)
            .flat_map(|y| (60..180).map(move |x| (x, y)))
            .filter(|&(x, y)| at(x, y).r() > background.saturating_add(60))
            .count();
        assert!(bright > 50, "{bright} text pixels");
    }
}
