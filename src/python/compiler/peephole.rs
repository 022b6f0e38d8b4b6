//! The one reordering of CPython's peephole optimizer (3.11+, `apply_static_swaps` in
//! `Python/flowgraph.c`) that a program can observe: a `SWAP` followed by stores is replaced by
//! the stores in swapped order, so `a, b = x, y` in a function stores `b` first, and an inlined
//! comprehension's variables are restored in another order. Which value is released first
//! decides which `__del__` prints first.

use super::code::{Instr, Span};

/// What `SWAP` may be applied to statically. 3.12 does not move a `POP_TOP` (an inlined
/// comprehension as an expression statement keeps its stores' order there; measured).
fn swappable(i: &Instr, minor: u8) -> bool {
    match i {
        Instr::StoreFast(_) | Instr::StoreFastMaybeNull(_) => true,
        Instr::PopTop => minor >= 13,
        _ => false,
    }
}

fn stores_to(i: &Instr) -> Option<u32> {
    match i {
        Instr::StoreFast(n) | Instr::StoreFastMaybeNull(n) => Some(*n),
        _ => None,
    }
}

/// Whether an instruction ends a basic block or is jumped to.
fn block_boundary(i: &Instr) -> bool {
    matches!(
        i,
        Instr::Jump(_)
            | Instr::PopJumpIfFalse(_)
            | Instr::PopJumpIfTrue(_)
            | Instr::PopJumpIfNone(_)
            | Instr::PopJumpIfNotNone(_)
            | Instr::JumpIfFalseOrPop(_)
            | Instr::JumpIfTrueOrPop(_)
            | Instr::ForIter(_)
            | Instr::Send(_)
            | Instr::ReturnValue
            | Instr::Raise(_)
            | Instr::Reraise
    )
}

/// Applies each `SWAP` statically where CPython does: the instructions after it in the same
/// basic block (and, after the first, on the same line) that it would exchange are swappable
/// stores or pops to different locations.
pub(super) fn apply_static_swaps(instrs: &mut [Instr], spans: &[Span], labels: &[u32], minor: u8) {
    let targets: std::collections::HashSet<u32> = labels.iter().copied().collect();
    let n = instrs.len();
    let next_swappable = |instrs: &[Instr], mut i: usize, line: Option<u32>| -> Option<usize> {
        loop {
            i += 1;
            if i >= n || targets.contains(&(i as u32)) {
                return None;
            }
            if let Some(l) = line {
                if spans[i].line != l {
                    return None;
                }
            }
            match instrs[i] {
                Instr::Nop => continue,
                ref ins if swappable(ins, minor) => return Some(i),
                _ => return None,
            }
        }
    };
    for i in 0..n {
        let Instr::Swap(count) = instrs[i] else {
            continue;
        };
        if count < 2 {
            continue;
        }
        // A run of SWAPs is left alone (CPython first optimizes runs; ours come one at a time).
        let Some(j) = next_swappable(instrs, i, None) else {
            continue;
        };
        if block_boundary(&instrs[j]) {
            continue;
        }
        let line = spans[j].line;
        let mut k = j;
        let mut ok = true;
        for _ in 1..count {
            match next_swappable(instrs, k, Some(line)) {
                Some(next) => k = next,
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            continue;
        }
        let (sj, sk) = (stores_to(&instrs[j]), stores_to(&instrs[k]));
        if sj.is_some() || sk.is_some() {
            if sj == sk {
                continue;
            }
            let clash = (j + 1..k).any(|idx| {
                let s = stores_to(&instrs[idx]);
                s.is_some() && (s == sj || s == sk)
            });
            if clash {
                continue;
            }
        }
        instrs[i] = Instr::Nop;
        instrs.swap(j, k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swap_before_two_stores_becomes_the_stores_swapped() {
        let mut instrs = vec![
            Instr::LoadFast(1),
            Instr::LoadFast(0),
            Instr::Swap(2),
            Instr::StoreFast(2),
            Instr::StoreFast(3),
        ];
        let spans = vec![Span::default(); instrs.len()];
        apply_static_swaps(&mut instrs, &spans, &[], 13);
        assert_eq!(
            instrs,
            vec![
                Instr::LoadFast(1),
                Instr::LoadFast(0),
                Instr::Nop,
                Instr::StoreFast(3),
                Instr::StoreFast(2),
            ]
        );
    }

    #[test]
    fn stores_to_one_local_are_not_swapped() {
        let mut instrs = vec![Instr::Swap(2), Instr::StoreFast(2), Instr::StoreFast(2)];
        let spans = vec![Span::default(); instrs.len()];
        apply_static_swaps(&mut instrs, &spans, &[], 13);
        assert_eq!(instrs[0], Instr::Swap(2));
    }
}
