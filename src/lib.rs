//! pymemsim: a simulator that shows how CPython manages memory.
//!
//! - [`engine`]: pymalloc, the object heap with reference counting, and the cyclic GC, per
//!   CPython version; every change is an [`engine::event::Event`].
//! - [`python`]: runs a subset of Python on the engine and prints what CPython prints.

#[cfg(feature = "gui")]
pub mod app;
pub mod bench;
pub mod cli;
pub mod engine;
pub mod python;
pub mod scenario;
#[cfg(feature = "gui")]
pub mod ui;
#[cfg(all(feature = "gui", target_arch = "wasm32"))]
pub mod web;
