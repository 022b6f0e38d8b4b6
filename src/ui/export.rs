//! Exports for slides and handouts: the app drawn headless ([`super::raster`]) at each stop of
//! a lesson (or of one chapter) into an animated GIF or APNG, numbered PNGs in a folder, or one
//! PNG. The same code serves the app's export buttons and `pymemsim export`.

use std::path::{Path, PathBuf};

use egui::ColorImage;

use super::raster::SoftRenderer;
use crate::app::{files, SimApp};

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Image size in pixels.
    pub size: [usize; 2],
    /// Only this chapter's stops (0-based); the whole lesson when `None`.
    pub chapter: Option<usize>,
    /// For a single PNG: which stop of the range (0-based).
    pub step: usize,
    /// Time each frame stays on screen in an animation, in milliseconds.
    pub delay_ms: u32,
    /// Presenter mode's larger text.
    pub presenter: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            size: [1280, 720],
            chapter: None,
            step: 0,
            delay_ms: 1500,
            presenter: false,
        }
    }
}

/// The kind of file, from the output path: `.gif`, `.apng`, `.png`, else a folder of PNGs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An animated GIF.
    Gif,
    /// An animated PNG.
    Apng,
    /// One PNG.
    Png,
    /// A folder of numbered PNGs.
    Folder,
}

impl Format {
    /// The format an output path asks for.
    pub fn of(path: &Path) -> Self {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("gif") => Self::Gif,
            Some("apng") => Self::Apng,
            Some("png") => Self::Png,
            _ => Self::Folder,
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Frames (images) drawn.
    pub frames: usize,
    /// Bytes written in all.
    pub bytes: u64,
    /// The files written.
    pub files: Vec<PathBuf>,
    /// What to tell the user ("wrote x.gif", in a page "downloaded x.gif").
    pub done: String,
}

/// Largest number of frames in one export (a lesson has a few hundred stops at most).
pub const MAX_FRAMES: usize = 2000;

/// The stops an export draws, in order.
pub fn stops(app: &SimApp, opts: &ExportOptions) -> Result<Vec<(usize, usize)>, String> {
    let s = &app.session;
    let chapters = s.played.steps.len();
    let stops: Vec<(usize, usize)> = match opts.chapter {
        Some(k) if k >= chapters => {
            return Err(format!("no chapter {}: the lesson has {chapters}", k + 1))
        }
        Some(k) => s.stops.iter().copied().filter(|st| st.1 == k).collect(),
        None => s.stops.clone(),
    };
    if stops.is_empty() {
        return Err("nothing to draw: the range has no steps".into());
    }
    Ok(stops)
}

/// Draws the app at each stop (the app's cursor and modes are put back afterwards).
pub fn frames(app: &mut SimApp, opts: &ExportOptions, stops: &[(usize, usize)]) -> Vec<ColorImage> {
    let mut renderer = SoftRenderer::new(opts.size[0], opts.size[1]);
    let mut out = Vec::with_capacity(stops.len());
    app.at_stops(stops, opts.presenter, |app| {
        out.push(renderer.render(3, |ui| super::app_ui(app, ui)));
    });
    out
}

/// Draws and writes the export `out` asks for.
pub fn export(app: &mut SimApp, out: &Path, opts: &ExportOptions) -> Result<Report, String> {
    let format = Format::of(out);
    let mut stops = stops(app, opts)?;
    if format == Format::Png {
        let one = *stops.get(opts.step).ok_or_else(|| {
            format!(
                "no step {} in the range: it has {}",
                opts.step + 1,
                stops.len()
            )
        })?;
        stops = vec![one];
    }
    if stops.len() > MAX_FRAMES {
        return Err(format!(
            "{} steps is more than {MAX_FRAMES} frames; export one chapter at a time (--chapter), or one step as a .png (--step)",
            stops.len()
        ));
    }
    let images = frames(app, opts, &stops);
    let cannot = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", out.display());
    let mut written = Vec::new();
    let mut bytes = 0;
    let mut done = String::new();
    let mut deliver = |path: &Path, data: Vec<u8>| -> Result<(), String> {
        bytes += data.len() as u64;
        done = files::write(path, &data)?;
        written.push(path.to_path_buf());
        Ok(())
    };
    match format {
        Format::Png => deliver(out, crate::app::encode_png(&images[0])?)?,
        Format::Gif => {
            let mut data = Vec::new();
            write_gif(&mut data, &images, opts.delay_ms).map_err(|e| cannot(&e))?;
            deliver(out, data)?;
        }
        Format::Apng => {
            let mut data = Vec::new();
            write_apng(&mut data, &images, opts.delay_ms).map_err(|e| cannot(&e))?;
            deliver(out, data)?;
        }
        Format::Folder => {
            // (A page never asks for one: the app greys the menu item out.)
            #[cfg(not(target_arch = "wasm32"))]
            std::fs::create_dir_all(out).map_err(|e| cannot(&e))?;
            for (i, image) in images.iter().enumerate() {
                let path = out.join(format!("step-{:03}.png", i + 1));
                deliver(&path, crate::app::encode_png(image)?)?;
            }
            done = format!("wrote {} PNGs into {}", images.len(), out.display());
        }
    }
    Ok(Report {
        frames: images.len(),
        bytes,
        files: written,
        done,
    })
}

/// The smallest rectangle holding every pixel that differs: (x, y, width, height).
fn changed(a: &ColorImage, b: &ColorImage) -> Option<(usize, usize, usize, usize)> {
    let [w, h] = a.size;
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for y in 0..h {
        let row = y * w;
        for x in 0..w {
            if a.pixels[row + x] != b.pixels[row + x] {
                x0 = x0.min(x);
                x1 = x1.max(x + 1);
                y0 = y0.min(y);
                y1 = y1.max(y + 1);
            }
        }
    }
    (x1 > x0).then(|| (x0, y0, x1 - x0, y1 - y0))
}

fn rgba(image: &ColorImage, (x, y, w, h): (usize, usize, usize, usize)) -> Vec<u8> {
    let width = image.size[0];
    let mut out = Vec::with_capacity(w * h * 4);
    for row in y..y + h {
        for p in &image.pixels[row * width + x..row * width + x + w] {
            // Opaque on the slide, whatever the alpha of the last shape drawn there.
            let [r, g, b, _] = p.to_array();
            out.extend_from_slice(&[r, g, b, 255]);
        }
    }
    out
}

/// An animated GIF, looping; after the first, each frame holds only the rectangle that changed
/// (slides of a stepping program change little from one step to the next).
pub fn write_gif<W: std::io::Write>(
    w: W,
    images: &[ColorImage],
    delay_ms: u32,
) -> Result<(), gif::EncodingError> {
    let Some(first) = images.first() else {
        return Ok(());
    };
    let [width, height] = first.size;
    let (gw, gh) = (
        u16::try_from(width).unwrap_or(u16::MAX),
        u16::try_from(height).unwrap_or(u16::MAX),
    );
    let mut encoder = gif::Encoder::new(w, gw, gh, &[])?;
    encoder.set_repeat(gif::Repeat::Infinite)?;
    let delay = u16::try_from(delay_ms / 10).unwrap_or(u16::MAX);
    let mut previous: Option<&ColorImage> = None;
    for image in images {
        let rect = match previous {
            None => Some((0, 0, width, height)),
            Some(p) => changed(p, image),
        };
        // An unchanged step still takes its time on screen: one pixel, redrawn.
        let rect = rect.unwrap_or((0, 0, 1, 1));
        let mut pixels = rgba(image, rect);
        let mut frame = gif::Frame::from_rgba_speed(rect.2 as u16, rect.3 as u16, &mut pixels, 10);
        frame.left = rect.0 as u16;
        frame.top = rect.1 as u16;
        frame.delay = delay;
        frame.dispose = gif::DisposalMethod::Keep;
        encoder.write_frame(&frame)?;
        previous = Some(image);
    }
    Ok(())
}

/// An animated PNG, lossless and looping; as in the GIF, frames after the first hold only the
/// rectangle that changed.
pub fn write_apng<W: std::io::Write>(
    w: W,
    images: &[ColorImage],
    delay_ms: u32,
) -> Result<(), png::EncodingError> {
    let Some(first) = images.first() else {
        return Ok(());
    };
    let [width, height] = first.size;
    let mut encoder = png::Encoder::new(w, width as u32, height as u32);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_animated(images.len() as u32, 0)?;
    encoder.set_frame_delay(u16::try_from(delay_ms).unwrap_or(u16::MAX), 1000)?;
    let mut writer = encoder.write_header()?;
    let mut previous: Option<&ColorImage> = None;
    for image in images {
        let rect = match previous {
            None => (0, 0, width, height),
            Some(p) => changed(p, image).unwrap_or((0, 0, 1, 1)),
        };
        let rgb: Vec<u8> = rgba(image, rect)
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        // The default image (the first frame) is always the whole picture.
        if previous.is_some() {
            writer.reset_frame_position()?;
            writer.set_frame_dimension(rect.2 as u32, rect.3 as u32)?;
            writer.set_frame_position(rect.0 as u32, rect.1 as u32)?;
        }
        writer.write_image_data(&rgb)?;
        previous = Some(image);
    }
    writer.finish()
}
