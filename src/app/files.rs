//! Where the app's files come from and go to. On the desktop: the system's dialogs (rfd) and
//! the file system. In a browser page (wasm32): the browser's file picker and dropped files,
//! whose contents arrive later (a page reads files asynchronously) as commands through the
//! [`Inbox`], and downloads, named by the file name a dialog would have suggested. A page has
//! no folders: what needs one says so ([`CAN_PICK_FOLDER`]).

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::Command;

/// Whether a folder can be chosen (not in a browser): the "PNGs of every step" export needs one.
pub const CAN_PICK_FOLDER: bool = !cfg!(target_arch = "wasm32");

/// Commands that answer a request after the frame that made it (a file the browser has read).
/// The app drains it with its pending commands.
#[derive(Debug, Clone, Default)]
pub struct Inbox(Rc<RefCell<Vec<Command>>>);

impl Inbox {
    /// Queues a command for the next frame.
    pub fn push(&self, cmd: Command) {
        self.0.borrow_mut().push(cmd);
    }

    /// The commands that arrived, oldest first.
    pub fn take(&self) -> Vec<Command> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

/// Writes `bytes` where `path` says (in a page: downloads them under its file name); returns
/// what to tell the user.
pub fn write(path: &Path, bytes: &[u8]) -> Result<String, String> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::fs::write(path, bytes)
            .map(|()| format!("wrote {}", path.display()))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
    #[cfg(target_arch = "wasm32")]
    {
        let name = file_name(path);
        web::download(&name, bytes)
            .map(|()| format!("downloaded {name} ({:.1} KiB)", bytes.len() as f64 / 1024.0))
    }
}

/// The last component of `path` (what a download is called).
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || "pymemsim-export".into(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Where to save, suggesting `name`: the save dialog's answer (`None` when cancelled); in a
/// page the download's name.
pub fn save_path(name: &str, filters: &[(&str, &[&str])]) -> Option<PathBuf> {
    #[cfg(all(not(test), not(target_arch = "wasm32")))]
    {
        let mut dialog = rfd::FileDialog::new().set_file_name(name);
        for (label, exts) in filters {
            dialog = dialog.add_filter(*label, exts);
        }
        dialog.save_file()
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = filters;
        Some(PathBuf::from(name))
    }
    // Unit tests answer no dialog.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    {
        let _ = (name, filters);
        None
    }
}

/// A folder for several files (`None` when cancelled, and always in a page).
pub fn pick_folder(title: &str) -> Option<PathBuf> {
    #[cfg(all(not(test), not(target_arch = "wasm32")))]
    {
        rfd::FileDialog::new().set_title(title).pick_folder()
    }
    #[cfg(any(test, target_arch = "wasm32"))]
    {
        let _ = title;
        None
    }
}

/// Asks for a lesson or program to open; the answer comes as [`Command::Open`] (desktop) or
/// [`Command::OpenText`] (page) through `inbox`.
pub fn pick_lesson(inbox: &Inbox) {
    #[cfg(all(not(test), not(target_arch = "wasm32")))]
    if let Some(path) = rfd::FileDialog::new()
        .add_filter("Lessons and programs", &["ron", "py"])
        .pick_file()
    {
        inbox.push(Command::Open(path));
    }
    #[cfg(target_arch = "wasm32")]
    {
        let inbox = inbox.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let picked = rfd::AsyncFileDialog::new()
                .add_filter("Lessons and programs", &["ron", "py"])
                .pick_file()
                .await;
            if let Some(file) = picked {
                let bytes = file.read().await;
                inbox.push(Command::OpenText(
                    file.file_name(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                ));
            }
        });
    }
    #[cfg(test)]
    let _ = inbox;
}

/// Opens a dropped file: at once from its path on the desktop; in a page once the browser has
/// read it.
#[cfg(feature = "gui")]
pub fn open_dropped(file: &egui::DroppedFileHandle, inbox: &Inbox) {
    let path = file.path();
    #[cfg(not(target_arch = "wasm32"))]
    if path.as_os_str().is_empty() {
        if let Ok(bytes) = file.bytes() {
            inbox.push(Command::OpenText(
                "dropped.ron".into(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    } else {
        inbox.push(Command::Open(path.to_path_buf()));
    }
    #[cfg(target_arch = "wasm32")]
    {
        let (file, inbox) = (file.clone(), inbox.clone());
        let name = file_name(path);
        wasm_bindgen_futures::spawn_local(async move {
            match file.bytes_async().await {
                Ok(bytes) => inbox.push(Command::OpenText(
                    name,
                    String::from_utf8_lossy(&bytes).into_owned(),
                )),
                Err(e) => inbox.push(Command::ShowError(format!("cannot read {name}: {e}"))),
            }
        });
    }
}

/// Downloads in a page: a Blob behind a temporary link, clicked.
#[cfg(target_arch = "wasm32")]
mod web {
    use wasm_bindgen::JsCast as _;

    pub fn download(name: &str, bytes: &[u8]) -> Result<(), String> {
        let fail = |e: wasm_bindgen::JsValue| format!("cannot download {name}: {e:?}");
        let window = web_sys::window().ok_or("no window")?;
        let document = window.document().ok_or("no document")?;
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(fail)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
        let anchor = document
            .create_element("a")
            .map_err(fail)?
            .dyn_into::<web_sys::HtmlAnchorElement>()
            .map_err(|_| format!("cannot download {name}"))?;
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
        // The URL is not revoked: the browser may still be reading the Blob when click()
        // returns, and an export or two per lesson is little memory.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inbox_hands_over_commands_once_in_order() {
        let inbox = Inbox::default();
        let other = inbox.clone();
        other.push(Command::StepForward);
        other.push(Command::Reset);
        assert_eq!(inbox.take(), vec![Command::StepForward, Command::Reset]);
        assert!(inbox.take().is_empty());
    }

    #[test]
    fn a_download_is_named_by_the_file_name_of_its_path() {
        assert_eq!(file_name(Path::new("/tmp/x/tour.gif")), "tour.gif");
        assert_eq!(file_name(Path::new("")), "pymemsim-export");
    }
}
