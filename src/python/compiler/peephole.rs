//! The rewrites of CPython's control-flow-graph optimizer (`Python/flowgraph.c`) a program can
//! observe:
//!
//! * `apply_static_swaps` (3.11+): a `SWAP` followed by stores is replaced by the stores in
//!   swapped order, so `a, b = x, y` in a function stores `b` first, and an inlined
//!   comprehension's variables are restored in another order. Which value is released first
//!   decides which `__del__` prints first.
//! * `inline_small_or_no_lineno_blocks` (3.14+ here): a jump to a small block that leaves the
//!   function is replaced by a copy of that block, so `return f(y if c else None)` consumes
//!   `y` in the block that loaded it, and the load can be borrowed (see `borrow`).

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

/// CPython's `MAX_COPY_SIZE`: the most instructions a copied exit block may have.
const MAX_COPY_SIZE: usize = 4;

/// Replaces each `JUMP` to a block of at most [`MAX_COPY_SIZE`] instructions ending in a
/// return or raise by a copy of that block (before labels are resolved: jumps hold label
/// numbers, `labels` instruction indices). The copies keep the block's spans and handlers.
pub(super) fn inline_small_exit_blocks(
    instrs: &mut Vec<Instr>,
    spans: &mut Vec<Span>,
    cover: &mut Vec<u32>,
    labels: &mut [u32],
) {
    let exits = |i: &Instr| matches!(i, Instr::ReturnValue | Instr::Raise(_) | Instr::Reraise);
    let mut i = 0;
    while i < instrs.len() {
        let Instr::Jump(l) = instrs[i] else {
            i += 1;
            continue;
        };
        let Some(&t) = labels.get(l as usize) else {
            i += 1;
            continue;
        };
        let t = t as usize;
        // The target block: up to its first terminator, without another label inside.
        let mut end = None;
        let mut size = 0;
        let mut j = t;
        while j < instrs.len() && size <= MAX_COPY_SIZE {
            if j > t && labels.contains(&(j as u32)) {
                break;
            }
            // CPython's LOAD_GLOBAL pushes the NULL itself.
            let fused_null = instrs[j] == Instr::PushNull
                && j > t
                && matches!(instrs[j - 1], Instr::LoadGlobal(_));
            if !fused_null {
                size += 1;
            }
            if exits(&instrs[j]) {
                end = Some(j);
                break;
            }
            if block_boundary(&instrs[j]) {
                break;
            }
            j += 1;
        }
        let Some(end) = end.filter(|_| size <= MAX_COPY_SIZE && t != i) else {
            i += 1;
            continue;
        };
        let copy: Vec<Instr> = instrs[t..=end].to_vec();
        let copy_spans: Vec<Span> = spans[t..=end].to_vec();
        let copy_cover: Vec<u32> = cover[t..=end].to_vec();
        let grow = copy.len() as u32 - 1;
        for pos in labels.iter_mut() {
            if *pos != u32::MAX && *pos > i as u32 {
                *pos += grow;
            }
        }
        instrs.splice(i..=i, copy);
        spans.splice(i..=i, copy_spans);
        cover.splice(i..=i, copy_cover);
        i += grow as usize + 1;
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
    fn a_jump_to_a_small_return_block_becomes_a_copy_of_it() {
        // L0: LOAD a; JUMP L1; LOAD_CONST; L1: CALL 1; RETURN
        let mut instrs = vec![
            Instr::LoadFast(0),
            Instr::Jump(1),
            Instr::LoadConst(0),
            Instr::Call(1),
            Instr::ReturnValue,
        ];
        let mut spans = vec![Span::default(); instrs.len()];
        let mut cover = vec![u32::MAX; instrs.len()];
        let mut labels = vec![2, 3];
        inline_small_exit_blocks(&mut instrs, &mut spans, &mut cover, &mut labels);
        assert_eq!(
            instrs,
            vec![
                Instr::LoadFast(0),
                Instr::Call(1),
                Instr::ReturnValue,
                Instr::LoadConst(0),
                Instr::Call(1),
                Instr::ReturnValue,
            ]
        );
        assert_eq!(labels, vec![3, 4]);
        assert_eq!((spans.len(), cover.len()), (6, 6));
    }

    #[test]
    fn a_jump_to_a_block_that_goes_on_is_kept() {
        let mut instrs = vec![
            Instr::Jump(0),
            Instr::LoadConst(0),
            Instr::PopTop,
            Instr::Nop,
        ];
        let mut spans = vec![Span::default(); instrs.len()];
        let mut cover = vec![u32::MAX; instrs.len()];
        let mut labels = vec![1];
        inline_small_exit_blocks(&mut instrs, &mut spans, &mut cover, &mut labels);
        assert_eq!(instrs[0], Instr::Jump(0));
    }

    #[test]
    fn stores_to_one_local_are_not_swapped() {
        let mut instrs = vec![Instr::Swap(2), Instr::StoreFast(2), Instr::StoreFast(2)];
        let spans = vec![Span::default(); instrs.len()];
        apply_static_swaps(&mut instrs, &spans, &[], 13);
        assert_eq!(instrs[0], Instr::Swap(2));
    }
}
