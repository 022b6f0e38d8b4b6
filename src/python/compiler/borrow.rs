//! 3.14's borrowed loads of locals (`optimize_load_fast` in `Python/flowgraph.c`).
//!
//! From 3.14 on, CPython's compiler turns a `LOAD_FAST` into `LOAD_FAST_BORROW` when it can
//! prove the local outlives the reference on the stack: the pushed value is consumed in the
//! same basic block, before the local is overwritten, and is not itself stored into a local.
//! A borrowed reference adds nothing to the object's reference count, so
//! `sys.getrefcount(y)` of a local `y` is one lower than in 3.13, and a local passed to a Python
//! function stays borrowed in the callee's parameter.
//!
//! The analysis here follows CPython's: an abstract stack of `(producing instruction, local)`
//! per basic block, blocks reached from the entry over jumps and fall-through only (exception
//! handlers keep their strong loads), loads of possibly-unbound locals excluded (they are
//! `LOAD_FAST_CHECK` in CPython, `add_checks_for_loads_of_uninitialized_variables`), and two
//! loads fused into a `LOAD_FAST_LOAD_FAST` superinstruction sharing one verdict.

use super::code::Instr;

/// The loaded reference is still on the stack when its local is overwritten or cleared.
const SUPPORT_KILLED: u8 = 1;
/// The loaded reference is stored into a local.
const STORED_AS_LOCAL: u8 = 2;
/// The loaded reference is still on the stack at the end of its basic block.
const REF_UNCONSUMED: u8 = 4;

/// No instruction: a value that was on the stack when the block began.
const DUMMY: u32 = u32::MAX;
/// Not a local.
const NOT_LOCAL: u32 = u32::MAX;

/// An abstract stack entry: which instruction pushed it and which local it refers to.
#[derive(Clone, Copy)]
struct StackRef {
    instr: u32,
    local: u32,
}

const DUMMY_REF: StackRef = StackRef {
    instr: DUMMY,
    local: NOT_LOCAL,
};

/// The basic blocks of a code object: where each starts, and each instruction's block.
struct Blocks {
    starts: Vec<usize>,
    of: Vec<usize>,
}

impl Blocks {
    fn new(instrs: &[Instr], labels: &[u32]) -> Blocks {
        let n = instrs.len();
        let mut is_start = vec![false; n + 1];
        is_start[0] = true;
        for &l in labels {
            if (l as usize) < n {
                is_start[l as usize] = true;
            }
        }
        for (i, ins) in instrs.iter().enumerate() {
            if ends_block(ins) {
                is_start[i + 1] = true;
            }
        }
        let starts: Vec<usize> = (0..n).filter(|&i| is_start[i]).collect();
        let mut of = vec![0; n];
        let mut b = 0;
        for (i, slot) in of.iter_mut().enumerate() {
            if b + 1 < starts.len() && starts[b + 1] == i {
                b += 1;
            }
            *slot = b;
        }
        Blocks { starts, of }
    }

    fn range(&self, b: usize, n: usize) -> std::ops::Range<usize> {
        self.starts[b]..self.starts.get(b + 1).copied().unwrap_or(n)
    }
}

/// A jump (conditional or not), a loop's `FOR_ITER`, or the end of the scope.
fn ends_block(i: &Instr) -> bool {
    jump_target(i).is_some() || no_fallthrough(i)
}

fn jump_target(i: &Instr) -> Option<u32> {
    let mut i = *i;
    i.jump_target_mut().map(|t| *t)
}

fn no_fallthrough(i: &Instr) -> bool {
    matches!(
        i,
        Instr::Jump(_) | Instr::ReturnValue | Instr::Raise(_) | Instr::Reraise
    )
}

/// Which `LOAD_FAST`s read a local that may be unbound there (CPython's `LOAD_FAST_CHECK`):
/// parameters are bound on entry, other locals not; a store binds, `del` and the clearing
/// around an inlined comprehension unbind; exception edges carry the state at the raising
/// instruction. Locals past the 64th are only followed within a block, as CPython does.
fn unsafe_loads(instrs: &[Instr], blocks: &Blocks, handler: &[u32], nparams: usize) -> Vec<bool> {
    /// Blocks whose incoming "maybe unbound" mask grew and must be scanned again.
    struct Flow {
        mask_in: Vec<u64>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
    }
    impl Flow {
        fn push(&mut self, b: usize, mask: u64) {
            let both = self.mask_in[b] | mask;
            if both != self.mask_in[b] {
                self.mask_in[b] = both;
                if !self.on_stack[b] {
                    self.on_stack[b] = true;
                    self.stack.push(b);
                }
            }
        }
    }
    let n = instrs.len();
    let nb = blocks.starts.len();
    let mut checked = vec![false; n];
    let mut flow = Flow {
        mask_in: vec![0; nb],
        on_stack: vec![false; nb],
        stack: Vec::new(),
    };
    let start_mask = (nparams.min(64)..64).fold(0u64, |m, i| m | (1 << i));
    flow.push(0, start_mask);
    let bit = |l: u32| if l < 64 { 1u64 << l } else { 0 };
    let scan = |b: usize, flow: &mut Flow, checked: &mut [bool]| {
        let mut mask = flow.mask_in[b];
        let range = blocks.range(b, n);
        for i in range.clone() {
            if handler[i] != u32::MAX {
                flow.push(blocks.of[handler[i] as usize], mask);
            }
            match instrs[i] {
                Instr::DeleteFast(l)
                | Instr::LoadFastAndClear(l)
                | Instr::StoreFastMaybeNull(l) => mask |= bit(l),
                Instr::StoreFast(l) => mask &= !bit(l),
                Instr::LoadFast(l) if l < 64 => {
                    if mask & bit(l) != 0 {
                        checked[i] = true;
                    }
                    mask &= !bit(l);
                }
                _ => {}
            }
        }
        let last = range.end - 1;
        if !no_fallthrough(&instrs[last]) && b + 1 < nb {
            flow.push(b + 1, mask);
        }
        if let Some(t) = jump_target(&instrs[last]) {
            flow.push(blocks.of[t as usize], mask);
        }
    };
    for b in 0..nb {
        scan(b, &mut flow, &mut checked);
    }
    while let Some(b) = flow.stack.pop() {
        flow.on_stack[b] = false;
        scan(b, &mut flow, &mut checked);
    }
    // Locals 64 and up: bound only after a store or load earlier in the same block.
    for b in 0..nb {
        let mut bound: Vec<u32> = Vec::new();
        for i in blocks.range(b, n) {
            match instrs[i] {
                Instr::DeleteFast(l)
                | Instr::LoadFastAndClear(l)
                | Instr::StoreFastMaybeNull(l)
                    if l >= 64 =>
                {
                    bound.retain(|&x| x != l)
                }
                Instr::StoreFast(l) if l >= 64 => bound.push(l),
                Instr::LoadFast(l) if l >= 64 && !bound.contains(&l) => {
                    checked[i] = true;
                    bound.push(l);
                }
                _ => {}
            }
        }
    }
    checked
}

/// How an instruction moves abstract references (CPython's cases in `optimize_load_fast`).
enum Effect {
    /// Pops `n` inputs, pushes `m` new values.
    Consumes(u32, u32),
    /// Pushes `n` values and consumes nothing (`GET_LEN`, `MATCH_*`, `IMPORT_FROM`...).
    PushesOnly(u32),
    /// Pops `n` and pushes nothing (`LIST_APPEND`, `DICT_MERGE`, `RERAISE`...).
    PopsOnly(u32),
}

fn effect(ins: &Instr) -> Effect {
    use Effect::*;
    use Instr::*;
    match *ins {
        Nop | Jump(_) | DeleteFast(_) | MakeCell(_) | CopyFreeVars(_) | DeleteDeref(_)
        | DeleteGlobal(_) | DeleteName(_) | SetupAnnotations | StopIterationError => Consumes(0, 0),
        PopTop | StoreDeref(_) | StoreGlobal(_) | StoreName(_) | DeleteAttr(_) | ReturnValue
        | PopExcept | ImportStar | PopJumpIfFalse(_) | PopJumpIfTrue(_) | PopJumpIfNone(_)
        | PopJumpIfNotNone(_) => Consumes(1, 0),
        PushNull | LoadConst(_) | LoadConstBorrow(_) | LoadClosure(_) | LoadDeref(_)
        | LoadClassDeref(_) | LoadGlobal(_) | LoadName(_) | LoadBuildClass | LoadLocals
        | LoadAssertionError => Consumes(0, 1),
        UnaryOp(_)
        | ListToTuple
        | GetIter
        | YieldValue
        | GetYieldFromIter
        | LoadFromDictOrGlobals(_)
        | LoadFromDictOrDeref(_) => Consumes(1, 1),
        StoreAttr(_) | DeleteSubscr => Consumes(2, 0),
        StoreSubscr => Consumes(3, 0),
        BinarySubscr | BinaryOp(_) | InplaceOp(_) | CompareOp(_) | IsOp(_) | ContainsOp(_)
        | ImportName(_) => Consumes(2, 1),
        BuildSlice(n) | BuildTuple(n) | BuildList(n) | BuildSet(n) | BuildString(n) => {
            Consumes(n, 1)
        }
        BuildMap(n) => Consumes(2 * n, 1),
        BuildConstKeyMap(n) => Consumes(n + 1, 1),
        UnpackSequence(n) => Consumes(1, n),
        UnpackEx(b, a) => Consumes(1, u32::from(b) + u32::from(a) + 1),
        FormatValue(_, spec) => Consumes(1 + u32::from(spec), 1),
        Call(n) => Consumes(n + 2, 1),
        CallKw(n) => Consumes(n + 3, 1),
        CallFunctionEx(kw) => Consumes(3 + u32::from(kw), 1),
        MakeFunction(flags) => Consumes(1 + flags.count_ones(), 1),
        Raise(n) => Consumes(u32::from(n), 0),
        PushExcInfo => Consumes(1, 2),
        BeforeWith => Consumes(1, 3),
        MatchClass(_) => Consumes(3, 1),
        ListAppend(_) | SetAdd(_) | ListExtend(_) | SetUpdate(_) | DictUpdate(_) | DictMerge(_)
        | Reraise => PopsOnly(1),
        MapAdd(_) => PopsOnly(2),
        GetLen | MatchMapping | MatchSequence | MatchKeys | ImportFrom(_) | WithExceptStart => {
            PushesOnly(1)
        }
        // Handled by the caller.
        Copy(_)
        | Swap(_)
        | LoadFast(_)
        | LoadFastBorrow(_)
        | LoadFastAndClear(_)
        | StoreFast(_)
        | StoreFastMaybeNull(_)
        | LoadAttr(_)
        | LoadMethod(_)
        | LoadSuperAttr(..)
        | CheckExcMatch
        | ForIter(_)
        | Send(_)
        | JumpIfFalseOrPop(_)
        | JumpIfTrueOrPop(_) => Consumes(0, 0),
    }
}

/// Turns the `LOAD_FAST`s that may borrow into [`Instr::LoadFastBorrow`].
///
/// `labels` are the instruction indices jumps and handlers go to, `lines` each instruction's
/// line, `handler` each instruction's handler target (`u32::MAX`: none), `nparams` how many
/// locals are parameters.
pub(super) fn optimize_load_fast(
    instrs: &mut [Instr],
    lines: &[u32],
    labels: &[u32],
    handler: &[u32],
    nparams: usize,
) {
    let n = instrs.len();
    if n == 0 {
        return;
    }
    let blocks = Blocks::new(instrs, labels);
    let checked = unsafe_loads(instrs, &blocks, handler, nparams);

    // Superinstructions (CPython's insert_superinstructions, greedy from the left within a
    // block): two LOAD_FASTs on one line share a verdict; a LOAD_FAST fused after a STORE_FAST
    // never borrows.
    let mut leader: Vec<u32> = (0..n as u32).collect();
    let mut eligible = vec![true; n];
    let same_line = |a: usize, b: usize| lines[a] == 0 || lines[b] == 0 || lines[a] == lines[b];
    let mut i = 0;
    while i + 1 < n {
        let fusable = blocks.of[i] == blocks.of[i + 1] && same_line(i, i + 1);
        let next_load = match instrs[i + 1] {
            Instr::LoadFast(b) if !checked[i + 1] => Some(b),
            _ => None,
        };
        match instrs[i] {
            Instr::LoadFast(a) if !checked[i] => {
                if let Some(b) = next_load.filter(|&b| fusable && a < 16 && b < 16) {
                    let _ = b;
                    leader[i + 1] = i as u32;
                    i += 2;
                    continue;
                }
            }
            Instr::StoreFast(a) => {
                if let Some(b) = next_load.filter(|&b| fusable && a < 16 && b < 16) {
                    let _ = b;
                    eligible[i + 1] = false;
                    i += 2;
                    continue;
                }
                if let Instr::StoreFast(b) = instrs[i + 1] {
                    if fusable && a < 16 && b < 16 {
                        i += 2;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }

    /// Blocks still to analyse, each with the stack depth it starts with.
    struct Work {
        visited: Vec<bool>,
        start_depth: Vec<usize>,
        stack: Vec<usize>,
    }
    impl Work {
        fn push(&mut self, b: Option<usize>, depth: usize) {
            if let Some(b) = b {
                if !self.visited[b] {
                    self.visited[b] = true;
                    self.start_depth[b] = depth;
                    self.stack.push(b);
                }
            }
        }
    }
    let nb = blocks.starts.len();
    let mut work = Work {
        visited: vec![false; nb],
        start_depth: vec![0; nb],
        stack: Vec::new(),
    };
    work.push(Some(0), 0);
    let mut flags = vec![0u8; n];
    let mut refs: Vec<StackRef> = Vec::new();
    let kill = |refs: &[StackRef], flags: &mut [u8], local: u32| {
        for r in refs {
            if r.local == local && r.instr != DUMMY {
                flags[r.instr as usize] |= SUPPORT_KILLED;
            }
        }
    };
    while let Some(b) = work.stack.pop() {
        let range = blocks.range(b, n);
        refs.clear();
        refs.resize(work.start_depth[b], DUMMY_REF);
        for i in range.clone() {
            flags[i] = 0;
        }
        let pop = |refs: &mut Vec<StackRef>| refs.pop().unwrap_or(DUMMY_REF);
        let target_block = |t: u32| blocks.of.get(t as usize).copied();
        for i in range.clone() {
            let here = StackRef {
                instr: i as u32,
                local: NOT_LOCAL,
            };
            match instrs[i] {
                Instr::LoadFast(l) | Instr::LoadFastBorrow(l) => refs.push(StackRef {
                    instr: leader[i],
                    local: l,
                }),
                Instr::LoadFastAndClear(l) => {
                    kill(&refs, &mut flags, l);
                    refs.push(StackRef {
                        instr: i as u32,
                        local: l,
                    });
                }
                Instr::StoreFast(l) | Instr::StoreFastMaybeNull(l) => {
                    let r = pop(&mut refs);
                    kill(&refs, &mut flags, l);
                    if r.instr != DUMMY {
                        flags[r.instr as usize] |= STORED_AS_LOCAL;
                    }
                }
                Instr::Copy(k) => {
                    let r = refs
                        .len()
                        .checked_sub(k as usize)
                        .map_or(DUMMY_REF, |idx| refs[idx]);
                    refs.push(r);
                }
                Instr::Swap(k) => {
                    let len = refs.len();
                    if let Some(idx) = len.checked_sub(k as usize) {
                        refs.swap(idx, len - 1);
                    }
                }
                Instr::CheckExcMatch => {
                    pop(&mut refs);
                    refs.push(here);
                }
                Instr::ForIter(t) => {
                    work.push(target_block(t), refs.len().saturating_sub(1));
                    refs.push(here);
                }
                Instr::Send(t) => {
                    work.push(target_block(t), refs.len().saturating_sub(1));
                    pop(&mut refs);
                    refs.push(here);
                }
                Instr::LoadAttr(_) => {
                    pop(&mut refs);
                    refs.push(here);
                }
                Instr::LoadMethod(_) => {
                    let owner = pop(&mut refs);
                    refs.push(here);
                    // A method call: the owner goes back on the stack as `self`.
                    refs.push(owner);
                }
                Instr::LoadSuperAttr(_, method) => {
                    let owner = pop(&mut refs);
                    pop(&mut refs);
                    pop(&mut refs);
                    refs.push(here);
                    if method {
                        refs.push(owner);
                    }
                }
                // CPython's `x or y` is COPY, POP_JUMP_IF_TRUE, POP_TOP: the value stays on the
                // stack past the end of the block whichever way it goes.
                Instr::JumpIfFalseOrPop(t) | Instr::JumpIfTrueOrPop(t) => {
                    work.push(target_block(t), refs.len());
                    let r = pop(&mut refs);
                    if r.instr != DUMMY {
                        flags[r.instr as usize] |= REF_UNCONSUMED;
                    }
                }
                ref ins => match effect(ins) {
                    Effect::Consumes(popped, pushed) => {
                        if let Some(t) = jump_target(ins) {
                            let depth =
                                (refs.len() + pushed as usize).saturating_sub(popped as usize);
                            work.push(target_block(t), depth);
                        }
                        for _ in 0..popped {
                            pop(&mut refs);
                        }
                        for _ in 0..pushed {
                            refs.push(here);
                        }
                    }
                    Effect::PopsOnly(k) => {
                        for _ in 0..k {
                            pop(&mut refs);
                        }
                    }
                    // CPython pushes these with the loop counter as the producing instruction
                    // (a shadowed `i`), so a value left over marks the block's first
                    // instructions; kept for the same verdicts.
                    Effect::PushesOnly(k) => {
                        for j in 0..k {
                            refs.push(StackRef {
                                instr: (range.start + j as usize) as u32,
                                local: NOT_LOCAL,
                            });
                        }
                    }
                },
            }
        }
        let last = range.end - 1;
        if !no_fallthrough(&instrs[last]) && b + 1 < nb {
            work.push(Some(b + 1), refs.len());
        }
        for r in &refs {
            if r.instr != DUMMY {
                flags[r.instr as usize] |= REF_UNCONSUMED;
            }
        }
        for i in range {
            if let Instr::LoadFast(l) = instrs[i] {
                if eligible[i] && !checked[i] && flags[leader[i] as usize] == 0 {
                    instrs[i] = Instr::LoadFastBorrow(l);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(mut instrs: Vec<Instr>, labels: &[u32], nparams: usize) -> Vec<Instr> {
        let lines = vec![1; instrs.len()];
        let handler = vec![u32::MAX; instrs.len()];
        optimize_load_fast(&mut instrs, &lines, labels, &handler, nparams);
        instrs
    }

    #[test]
    fn a_parameter_passed_to_a_call_is_borrowed() {
        // rc(a); return None
        let out = run(
            vec![
                Instr::LoadGlobal(0),
                Instr::PushNull,
                Instr::LoadFast(0),
                Instr::Call(1),
                Instr::PopTop,
                Instr::LoadConst(0),
                Instr::ReturnValue,
            ],
            &[],
            1,
        );
        assert_eq!(out[2], Instr::LoadFastBorrow(0));
    }

    #[test]
    fn a_load_stored_into_another_local_is_not_borrowed() {
        // z = a
        let out = run(
            vec![
                Instr::LoadFast(0),
                Instr::StoreFast(1),
                Instr::LoadConst(0),
                Instr::ReturnValue,
            ],
            &[],
            1,
        );
        assert_eq!(out[0], Instr::LoadFast(0));
    }

    #[test]
    fn a_value_left_across_a_jump_is_not_borrowed() {
        // f(a or b)
        let out = run(
            vec![
                Instr::LoadGlobal(0),
                Instr::PushNull,
                Instr::LoadFast(0),
                Instr::JumpIfTrueOrPop(5),
                Instr::LoadFast(1),
                Instr::Call(1),
                Instr::ReturnValue,
            ],
            &[5],
            2,
        );
        assert_eq!(out[2], Instr::LoadFast(0));
        assert_eq!(out[4], Instr::LoadFast(1));
    }

    #[test]
    fn a_local_that_may_be_unbound_is_not_borrowed() {
        // if a: b = 1
        // return f(b)
        let out = run(
            vec![
                Instr::LoadFast(0),
                Instr::PopJumpIfFalse(4),
                Instr::LoadConst(0),
                Instr::StoreFast(1),
                Instr::LoadGlobal(0),
                Instr::PushNull,
                Instr::LoadFast(1),
                Instr::Call(1),
                Instr::ReturnValue,
            ],
            &[4],
            1,
        );
        assert_eq!(out[0], Instr::LoadFastBorrow(0));
        assert_eq!(out[6], Instr::LoadFast(1));
    }

    #[test]
    fn a_load_still_on_the_stack_when_its_local_is_overwritten_is_not_borrowed() {
        // a, b = b, a-style: LOAD a; LOAD b (different lines: no superinstruction)...
        let mut instrs = vec![
            Instr::LoadFast(0),
            Instr::LoadConst(0),
            Instr::StoreFast(0),
            Instr::ReturnValue,
        ];
        let lines = vec![1, 2, 2, 3];
        optimize_load_fast(&mut instrs, &lines, &[], &[u32::MAX; 4], 1);
        assert_eq!(instrs[0], Instr::LoadFast(0));
    }
}
