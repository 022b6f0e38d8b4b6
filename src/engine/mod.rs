//! The simulation engine: pure Rust, no UI. It owns pymalloc ([`pymalloc`]), the object heap with
//! reference counting ([`heap`], [`object`]), the cyclic GC ([`gc`]), the event stream
//! ([`event`]), faulting memory in ahead of the simulation ([`prefault`]), and the per-version
//! presets ([`config`]).
//!
//! ```
//! use pymemsim::engine::{config::EngineConfig, heap::{Heap, NoRuntime}};
//! let mut heap = Heap::new(EngineConfig::default());
//! let rt = &mut NoRuntime;
//! let l = heap.list(rt, Vec::new(), 0);
//! heap.incref(l);
//! heap.list_append(l, l); // the list now contains itself
//! heap.decref(rt, l); // `del l`: the cycle keeps it alive
//! assert_eq!(heap.collect_explicit(rt, 2).map(|r| r.collected), Some(1));
//! ```

pub mod config;
pub mod event;
pub mod fxhash;
pub mod gc;
pub mod heap;
pub mod ids;
pub mod invariants;
pub mod object;
pub mod prefault;
pub mod pymalloc;
pub mod timeline;
