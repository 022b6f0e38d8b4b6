//! Keyboard focus on an X server that has no window manager (Xvfb kiosks, screenshot and
//! recording tools). With a manager, the manager focuses a new window and this does nothing.
//! Without one, the server's focus stays `PointerRoot` or `None`: winit never sees a FocusIn, so it
//! drops every key press, and its own focus request (`_NET_ACTIVE_WINDOW`) needs a manager to act
//! on it. So, while the focus belongs to no window, the app takes it with `XSetInputFocus`.

use raw_window_handle::{HasDisplayHandle, HasWindowHandle, RawDisplayHandle, RawWindowHandle};
use x11_dl::xlib;

/// Gives the app's window the X keyboard focus if no window owns it and the window is mapped.
/// Anything else (Wayland, a focus owned by another window, no libX11) leaves everything as it
/// is. Returns whether to try again on a later frame: only when the focus is unowned and the
/// window is not mapped yet.
pub fn take_unowned_focus(frame: &eframe::Frame) -> bool {
    let (Ok(window), Ok(display)) = (frame.window_handle(), frame.display_handle()) else {
        return false;
    };
    let (RawWindowHandle::Xlib(window), RawDisplayHandle::Xlib(display)) =
        (window.as_raw(), display.as_raw())
    else {
        return false;
    };
    let Some(display) = display.display else {
        return false;
    };
    let Ok(x) = xlib::Xlib::open() else {
        return false;
    };
    let display = display.as_ptr().cast::<xlib::Display>();
    // SAFETY: `display` is winit's open connection and `window.window` its window; both outlive
    // this frame, and the calls run on the event-loop thread that owns them. Errors go to the
    // handler winit installed, which logs them instead of exiting.
    unsafe {
        let mut focus: xlib::Window = 0;
        let mut revert_to = 0;
        (x.XGetInputFocus)(display, &mut focus, &mut revert_to);
        let unowned = focus == 0 || focus == xlib::PointerRoot as xlib::Window;
        if !unowned {
            return false;
        }
        let mut attributes: xlib::XWindowAttributes = std::mem::zeroed();
        if (x.XGetWindowAttributes)(display, window.window, &mut attributes) == 0
            || attributes.map_state != xlib::IsViewable
        {
            return true;
        }
        (x.XSetInputFocus)(
            display,
            window.window,
            xlib::RevertToParent,
            xlib::CurrentTime,
        );
        (x.XFlush)(display);
    }
    false
}
