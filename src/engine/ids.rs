//! Newtype identifiers, so that raw integers do not cross module boundaries.

use serde::{Deserialize, Serialize};

/// An object in the simulated heap (an index into the engine's object table).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct ObjId(pub u32);

impl ObjId {
    /// The index in the object table.
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl std::fmt::Display for ObjId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}
