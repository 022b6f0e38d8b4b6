//! The app in a browser page (wasm32, built by `web/build`). `main` starts it on the page's
//! canvas; it opens the link in the page's address (`#py=3.12&step=4&lesson=...`, see
//! [`crate::app::link`]) and follows the address when it changes, puts a copied link in the
//! address bar and on the clipboard, and publishes a summary of what it shows as JSON for the
//! browser test (`window.pymemsim_state()`, read by `web/test`). Settings and unsaved edits are
//! kept by eframe in the browser's local storage.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast as _;

use crate::app::{Command, SimApp};

/// Starts the app on the canvas `#pymemsim` of the page.
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(canvas) = document
            .get_element_by_id("pymemsim")
            .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            return;
        };
        let started = eframe::WebRunner::new()
            .start(
                canvas,
                eframe::WebOptions::default(),
                Box::new(move |cc| {
                    let mut app = SimApp::with_stored_settings(cc.storage);
                    app.restore_draft();
                    let web = WebApp {
                        app,
                        address: String::new(),
                        // The address at start-up is read on the first frame.
                        address_changed: Rc::new(Cell::new(true)),
                        state: Rc::new(RefCell::new(String::from("null"))),
                        state_wanted: Rc::new(Cell::new(false)),
                        open_ms: 0.0,
                        open_started: None,
                        fullscreen: false,
                    };
                    listen_to_address(&cc.egui_ctx, &web.address_changed);
                    publish_state(&cc.egui_ctx, &web.state, &web.state_wanted);
                    publish_commands(&cc.egui_ctx, &web.app.inbox);
                    Ok(Box::new(web))
                }),
            )
            .await;
        let message = match started {
            Ok(()) => String::new(),
            Err(e) => format!("pymemsim cannot start in this browser: {e:?}"),
        };
        if let Some(status) = document.get_element_by_id("status") {
            status.set_text_content(Some(&message));
        }
    });
}

/// The app, with what only a page has.
struct WebApp {
    app: SimApp,
    /// The address's `#...` as last opened or shown.
    address: String,
    /// Set by the page's `hashchange` event: the address is read on the next frame.
    address_changed: Rc<Cell<bool>>,
    /// What `window.pymemsim_state()` returns.
    state: Rc<RefCell<String>>,
    /// Set when the test asked for the state: the next frame writes it.
    state_wanted: Rc<Cell<bool>>,
    /// How long opening the last link took (playing its program, over as many frames as it
    /// took), in milliseconds.
    open_ms: f64,
    /// When the link being opened was opened.
    open_started: Option<f64>,
    /// Whether the page asked the browser for full screen (presenter mode).
    fullscreen: bool,
}

impl eframe::App for WebApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        if self.address_changed.replace(false) {
            let address = location_hash();
            if address != self.address {
                self.address.clone_from(&address);
                if address.len() > 1 {
                    self.open_started = Some(js_sys::Date::now());
                    self.app.apply(Command::OpenLink(address));
                }
            }
        }
        self.app.ui(ui, frame);
        if self.app.presenter != self.fullscreen {
            // Presenter mode fills the screen: the browser's full screen, asked for within the
            // few seconds a key press or click lets a page do it.
            self.fullscreen = self.app.presenter;
            set_fullscreen(self.fullscreen);
        }
        if self.app.loading.is_none() {
            if let Some(start) = self.open_started.take() {
                self.open_ms = js_sys::Date::now() - start;
            }
        }
        if let Some(fragment) = self.app.share_link.take() {
            match show_address(&fragment) {
                Some(url) => {
                    self.address = format!("#{fragment}");
                    self.app.status = format!(
                        "link copied: the address bar holds it too ({} characters)",
                        url.len()
                    );
                    ui.ctx().copy_text(url);
                }
                None => self.app.error = Some("cannot change the page's address".into()),
            }
        }
        if self.state_wanted.replace(false) {
            *self.state.borrow_mut() = state_json(&self.app, self.open_ms);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.app.save(storage);
    }
}

/// Enters or leaves the browser's full screen (the whole page: the canvas fills it).
fn set_fullscreen(on: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if on {
        if let Some(root) = document.document_element() {
            let _ = root.request_fullscreen();
        }
    } else if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
    }
}

/// Defines `window.pymemsim_command(name)` for the browser test: what a menu item does,
/// without finding the item on the canvas ("export-png", "export-gif", "export-csv",
/// "presenter"); returns whether the name is known.
fn publish_commands(ctx: &egui::Context, inbox: &crate::app::files::Inbox) {
    use crate::app::ExportKind;
    let Some(window) = web_sys::window() else {
        return;
    };
    let (ctx, inbox) = (ctx.clone(), inbox.clone());
    let command = Closure::<dyn Fn(String) -> bool>::new(move |name: String| {
        let cmd = match name.as_str() {
            "export-png" => Command::ExportDialog(ExportKind::Png),
            "export-gif" => Command::ExportDialog(ExportKind::Gif),
            "export-csv" => Command::ExportDialog(ExportKind::Csv),
            "presenter" => Command::TogglePresenter,
            _ => return false,
        };
        inbox.push(cmd);
        ctx.request_repaint();
        true
    });
    let _ = js_sys::Reflect::set(&window, &"pymemsim_command".into(), command.as_ref());
    // The page keeps the function for its lifetime.
    command.forget();
}

/// The page's `#...` ("" when none).
fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Puts `#fragment` in the address bar without reloading or adding to the history; returns
/// the whole address.
fn show_address(fragment: &str) -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let url = format!(
        "{}{}#{fragment}",
        location.origin().ok()?,
        location.pathname().ok()?
    );
    window
        .history()
        .ok()?
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .ok()?;
    Some(url)
}

/// A new address (a link pasted into the same tab) is opened at once, not at the next input.
fn listen_to_address(ctx: &egui::Context, changed: &Rc<Cell<bool>>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let (ctx, changed) = (ctx.clone(), Rc::clone(changed));
    let listener = Closure::<dyn Fn()>::new(move || {
        changed.set(true);
        ctx.request_repaint();
    });
    let _ =
        window.add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
    // Listening for the page's lifetime.
    listener.forget();
}

/// Defines `window.pymemsim_state()`: the state as of the last frame drawn after the previous
/// call (each call asks for a frame, so polling reads the current one; frames write it only
/// when asked).
fn publish_state(ctx: &egui::Context, state: &Rc<RefCell<String>>, wanted: &Rc<Cell<bool>>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let (ctx, state, wanted) = (ctx.clone(), Rc::clone(state), Rc::clone(wanted));
    let read = Closure::<dyn Fn() -> String>::new(move || {
        wanted.set(true);
        ctx.request_repaint();
        state.borrow().clone()
    });
    let _ = js_sys::Reflect::set(&window, &"pymemsim_state".into(), read.as_ref());
    // The page keeps the function for its lifetime.
    read.forget();
}

/// What the browser test checks: the lesson, preset, step, chapter, running line and code, and
/// the steps of a run on its way to the screen.
fn state_json(app: &SimApp, open_ms: f64) -> String {
    let s = &app.session;
    let code = s.current_step().map_or("", |(step, _)| step.code());
    let line = s
        .code_line()
        .map_or_else(|| "null".to_string(), |l| l.to_string());
    // A run on its way to the screen: its steps so far.
    let running = app.loading.as_ref().map_or_else(
        || "null".to_string(),
        |l| l.runs().map(|r| r.progress().0).sum::<u64>().to_string(),
    );
    format!(
        "{{\"open_ms\":{open_ms:.0},\"running\":{running},\"presenter\":{},\"frames\":{},\"lesson\":{},\"python\":\"{}\",\"step\":{},\"steps\":{},\"chapter\":{},\"line\":{},\"code\":{},\"status\":{},\"error\":{}}}",
        app.presenter,
        app.frames,
        json_string(&s.lesson.path),
        s.played.interp.heap.config.version,
        s.stop_index(),
        s.stop_count(),
        s.chapter(),
        line,
        json_string(code),
        json_string(&app.status),
        app.error.as_deref().map_or_else(|| "null".into(), json_string),
    )
}

fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
