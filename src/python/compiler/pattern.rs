//! `match` statements (3.10+): each case's pattern tests a copy of the subject with the
//! `MATCH_*` instructions, binding names as parts match, then its guard; the first case that
//! matches runs.

use std::rc::Rc;

use rustpython_parser::ast::{self, Pattern};

use super::code::{CmpOp, Const, ConstOrigin, Instr};
use super::{CResult, Compiler, Label, NameCtx};

impl<'a> Compiler<'a> {
    pub(super) fn match_stmt(&mut self, m: &'a ast::StmtMatch) -> CResult {
        self.expr(&m.subject)?;
        let end = self.new_label();
        let n = m.cases.len();
        for (i, case) in m.cases.iter().enumerate() {
            let last = i + 1 == n;
            let next = self.new_label();
            self.set_span(&case.pattern);
            self.mark_step();
            if !last {
                self.emit(Instr::Copy(1));
            }
            // On failure the copy is consumed: `next` has the subject (or nothing, last).
            self.pattern(&case.pattern, next)?;
            if let Some(g) = &case.guard {
                self.jump_if(g, next, false)?;
            }
            if !last {
                self.emit(Instr::PopTop);
            }
            self.stmts(&case.body)?;
            if !self.unit_ref().dead {
                self.emit_jump(Instr::Jump(0), end);
            }
            self.bind(next);
        }
        self.bind(end);
        Ok(())
    }

    /// Jumps to `fail` after popping `extra` items (the stack there is `extra` lower) when the
    /// value on top is false; pops it either way.
    fn fail_if_false(&mut self, fail: Label, extra: u32) {
        if extra == 0 {
            self.emit_jump(Instr::PopJumpIfFalse(0), fail);
            return;
        }
        let ok = self.new_label();
        self.emit_jump(Instr::PopJumpIfTrue(0), ok);
        for _ in 0..extra {
            self.emit(Instr::PopTop);
        }
        self.emit_jump(Instr::Jump(0), fail);
        self.bind(ok);
    }

    /// Tests the subject on top of the stack against `p`, consuming it; jumps to `fail` (with
    /// the subject consumed) when it does not match.
    fn pattern(&mut self, p: &'a Pattern, fail: Label) -> CResult {
        match p {
            Pattern::MatchValue(v) => {
                self.expr(&v.value)?;
                self.emit(Instr::CompareOp(CmpOp::Eq));
                self.fail_if_false(fail, 0);
            }
            Pattern::MatchSingleton(s) => {
                self.load_const_from(super::fold::constant(&s.value), ConstOrigin::Literal);
                self.emit(Instr::IsOp(false));
                self.fail_if_false(fail, 0);
            }
            Pattern::MatchAs(a) => match (&a.pattern, &a.name) {
                (None, None) => self.emit(Instr::PopTop),
                (None, Some(name)) => self.name_op(name.as_str(), NameCtx::Store),
                (Some(inner), name) => {
                    self.emit(Instr::Copy(1));
                    let inner_fail = self.new_label();
                    let ok = self.new_label();
                    self.pattern(inner, inner_fail)?;
                    match name {
                        Some(n) => self.name_op(n.as_str(), NameCtx::Store),
                        None => self.emit(Instr::PopTop),
                    }
                    self.emit_jump(Instr::Jump(0), ok);
                    self.bind(inner_fail);
                    self.emit(Instr::PopTop);
                    self.emit_jump(Instr::Jump(0), fail);
                    self.bind(ok);
                }
            },
            Pattern::MatchOr(o) => {
                let ok = self.new_label();
                let n = o.patterns.len();
                for (i, alt) in o.patterns.iter().enumerate() {
                    if i + 1 == n {
                        self.pattern(alt, fail)?;
                    } else {
                        let next = self.new_label();
                        self.emit(Instr::Copy(1));
                        self.pattern(alt, next)?;
                        self.emit(Instr::PopTop);
                        self.emit_jump(Instr::Jump(0), ok);
                        self.bind(next);
                    }
                }
                self.bind(ok);
            }
            Pattern::MatchSequence(s) => self.sequence_pattern(&s.patterns, fail)?,
            Pattern::MatchMapping(m) => self.mapping_pattern(m, fail)?,
            Pattern::MatchClass(c) => self.class_pattern(c, fail)?,
            Pattern::MatchStar(_) => {
                return Err(self.syntax_error(p, "can't use starred name here"));
            }
        }
        Ok(())
    }

    fn sequence_pattern(&mut self, patterns: &'a [Pattern], fail: Label) -> CResult {
        let star = patterns
            .iter()
            .position(|q| matches!(q, Pattern::MatchStar(_)));
        let n = patterns.len();
        self.emit(Instr::MatchSequence);
        self.fail_if_false(fail, 1);
        self.emit(Instr::GetLen);
        let min = if star.is_some() { n - 1 } else { n };
        self.load_const(Const::Int(crate::engine::object::IntVal::Small(min as i64)));
        self.emit(Instr::CompareOp(if star.is_some() {
            CmpOp::Ge
        } else {
            CmpOp::Eq
        }));
        self.fail_if_false(fail, 1);
        match star {
            Some(i) => self.emit(Instr::UnpackEx(i as u16, (n - i - 1) as u16)),
            None => self.emit(Instr::UnpackSequence(n as u32)),
        }
        // The items are on the stack, the first on top.
        for (k, q) in patterns.iter().enumerate() {
            let remaining = (n - k - 1) as u32;
            let item_fail = if remaining == 0 {
                fail
            } else {
                self.new_label()
            };
            match q {
                Pattern::MatchStar(s) => match &s.name {
                    Some(name) => self.name_op(name.as_str(), NameCtx::Store),
                    None => self.emit(Instr::PopTop),
                },
                other => self.pattern(other, item_fail)?,
            }
            if remaining > 0 {
                let ok = self.new_label();
                self.emit_jump(Instr::Jump(0), ok);
                self.bind(item_fail);
                for _ in 0..remaining {
                    self.emit(Instr::PopTop);
                }
                self.emit_jump(Instr::Jump(0), fail);
                self.bind(ok);
            }
        }
        Ok(())
    }

    fn mapping_pattern(&mut self, m: &'a ast::PatternMatchMapping, fail: Label) -> CResult {
        self.emit(Instr::MatchMapping);
        self.fail_if_false(fail, 1);
        let mut keys = Vec::new();
        for k in &m.keys {
            match super::fold::fold_expr(k, self.minor) {
                Some(c) => keys.push(c),
                None => {
                    return Err(self.unsupported(k, "a mapping pattern key that is not a literal"))
                }
            }
        }
        let n = keys.len();
        self.load_const(Const::Tuple(keys.into()));
        self.emit(Instr::MatchKeys);
        // [subj, keys, values_or_none]
        self.emit(Instr::Copy(1));
        self.load_const(Const::None);
        self.emit(Instr::IsOp(true));
        self.fail_if_false(fail, 3);
        self.emit(Instr::UnpackSequence(n as u32));
        // [subj, keys, v_n ... v_1]
        for (k, q) in m.patterns.iter().enumerate() {
            let remaining = (n - k - 1) as u32 + 2;
            let item_fail = self.new_label();
            self.pattern(q, item_fail)?;
            let ok = self.new_label();
            self.emit_jump(Instr::Jump(0), ok);
            self.bind(item_fail);
            for _ in 0..remaining {
                self.emit(Instr::PopTop);
            }
            self.emit_jump(Instr::Jump(0), fail);
            self.bind(ok);
        }
        // [subj, keys]
        match &m.rest {
            Some(rest) => {
                // rest = dict(subject), then each matched key deleted from it.
                self.emit(Instr::BuildMap(0));
                self.emit(Instr::Swap(3));
                self.emit(Instr::DictUpdate(2));
                self.emit(Instr::UnpackSequence(n as u32));
                for size in (1..=n as u32).rev() {
                    self.emit(Instr::Copy(1 + size));
                    self.emit(Instr::Swap(2));
                    self.emit(Instr::DeleteSubscr);
                }
                self.name_op(rest.as_str(), NameCtx::Store);
            }
            None => {
                self.emit(Instr::PopTop);
                self.emit(Instr::PopTop);
            }
        }
        Ok(())
    }

    fn class_pattern(&mut self, c: &'a ast::PatternMatchClass, fail: Label) -> CResult {
        self.expr(&c.cls)?;
        let names: Vec<Const> = c
            .kwd_attrs
            .iter()
            .map(|a| Const::Str(Rc::from(a.as_str())))
            .collect();
        self.load_const(Const::Tuple(names.into()));
        self.emit(Instr::MatchClass(c.patterns.len() as u32));
        // [attrs_or_none]
        self.emit(Instr::Copy(1));
        self.load_const(Const::None);
        self.emit(Instr::IsOp(true));
        self.fail_if_false(fail, 1);
        let all: Vec<&'a Pattern> = c.patterns.iter().chain(&c.kwd_patterns).collect();
        let n = all.len();
        self.emit(Instr::UnpackSequence(n as u32));
        for (k, q) in all.iter().enumerate() {
            let remaining = (n - k - 1) as u32;
            let item_fail = if remaining == 0 {
                fail
            } else {
                self.new_label()
            };
            self.pattern(q, item_fail)?;
            if remaining > 0 {
                let ok = self.new_label();
                self.emit_jump(Instr::Jump(0), ok);
                self.bind(item_fail);
                for _ in 0..remaining {
                    self.emit(Instr::PopTop);
                }
                self.emit_jump(Instr::Jump(0), fail);
                self.bind(ok);
            }
        }
        Ok(())
    }
}
