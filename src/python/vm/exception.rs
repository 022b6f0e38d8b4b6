//! Exceptions on their way up: [`Exc`], a 4-byte handle to a raised condition (a Python
//! exception, lazily created or already an object; a construct pymemsim does not model; a
//! limit), creating exception objects as CPython does when one is raised, chaining
//! (`__context__`, `__cause__`), traceback objects added frame by frame, and the traceback
//! CPython prints for an uncaught exception, version by version.

use std::rc::Rc;

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{ExceptionData, Kind};

use super::builtins::T;
use super::Vm;

/// A raised condition.
#[derive(Debug, Clone)]
pub(crate) enum Raised {
    /// A Python exception not made into an object yet: its type and message.
    Lazy(T, String),
    /// A Python exception object (an owned reference).
    Obj(ObjId),
    /// A construct outside what pymemsim models, with the byte offset where it is (if known).
    Unsupported(String),
    /// A limit of the simulation (steps, heap).
    Limit(String),
}

/// A [`Raised`] condition on its way up, as a 4-byte handle into this thread's table (so that
/// `R<ObjId>` is 8 bytes and comes back in a register).
#[derive(Debug)]
pub(crate) struct Exc(std::num::NonZeroU32, std::marker::PhantomData<*const ()>);

thread_local! {
    static RAISED: std::cell::RefCell<(Vec<Option<Raised>>, Vec<u32>)> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// One line of a printed traceback: file, line, function name, and the source chunk and span
/// for its code line and carets.
type TracebackEntry = (
    String,
    u32,
    Rc<str>,
    Option<(
        Rc<super::super::source::Source>,
        super::super::compiler::code::Span,
    )>,
);

/// The result of anything that may raise.
pub(crate) type R<T> = Result<T, Exc>;

impl Exc {
    #[cold]
    #[inline(never)]
    pub(crate) fn new(raised: Raised) -> Self {
        RAISED.with_borrow_mut(|(table, free)| {
            let i = match free.pop() {
                Some(i) => {
                    table[i as usize] = Some(raised);
                    i
                }
                None => {
                    table.push(Some(raised));
                    (table.len() - 1) as u32
                }
            };
            Self(
                std::num::NonZeroU32::MIN.saturating_add(i),
                std::marker::PhantomData,
            )
        })
    }

    fn index(&self) -> usize {
        self.0.get() as usize - 1
    }

    /// The condition, out of the table.
    pub(crate) fn take(self) -> Raised {
        let i = self.index();
        std::mem::forget(self);
        RAISED
            .with_borrow_mut(|(table, free)| {
                free.push(i as u32);
                table[i].take()
            })
            .unwrap_or_else(|| Raised::Limit("internal error: a lost exception".into()))
    }

    /// A look at the condition without taking it.
    pub(crate) fn peek<U>(&self, f: impl FnOnce(&Raised) -> U) -> Option<U> {
        let i = self.index();
        RAISED.with_borrow(|(table, _)| table.get(i).and_then(|r| r.as_ref()).map(f))
    }

    /// Whether this is a Python exception (not a limit or an unsupported construct).
    pub(crate) fn is_py(&self) -> bool {
        self.peek(|r| matches!(r, Raised::Lazy(..) | Raised::Obj(_)))
            .unwrap_or(false)
    }
}

impl Drop for Exc {
    fn drop(&mut self) {
        let i = self.index();
        let _ = RAISED.try_with(|r| {
            if let Ok(mut r) = r.try_borrow_mut() {
                let (table, free) = &mut *r;
                if let Some(slot) = table.get_mut(i) {
                    // A swallowed exception object still owns a reference: the VM releases
                    // it at its next step ([`Vm::release_dropped`]).
                    if let Some(Raised::Obj(o)) = slot.take() {
                        let _ = DROPPED.try_with(|d| d.borrow_mut().push(o));
                    }
                    free.push(i as u32);
                }
            }
        });
    }
}

thread_local! {
    static DROPPED: std::cell::RefCell<Vec<ObjId>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Vm {
    /// Releases an exception that was handled without being raised further.
    pub(crate) fn discard(&mut self, heap: &mut Heap, e: Exc) {
        if let Raised::Obj(o) = e.take() {
            heap.decref(self, o);
        }
    }

    /// Releases the exception objects of conditions dropped without [`Vm::discard`].
    pub(crate) fn release_dropped(&mut self, heap: &mut Heap) {
        let objs = DROPPED.with(|d| std::mem::take(&mut *d.borrow_mut()));
        for o in objs {
            if heap.is_live(o) {
                heap.decref(self, o);
            }
        }
    }
}

/// A Python exception of a builtin type with a message.
#[cold]
pub(crate) fn err(ty: T, msg: impl Into<String>) -> Exc {
    Exc::new(Raised::Lazy(ty, msg.into()))
}

/// `TypeError(msg)`.
#[cold]
pub(crate) fn type_error(msg: impl Into<String>) -> Exc {
    err(T::TypeError, msg)
}

/// `ValueError(msg)`.
#[cold]
pub(crate) fn value_error(msg: impl Into<String>) -> Exc {
    err(T::ValueError, msg)
}

/// A construct pymemsim does not model.
#[cold]
pub(crate) fn unsupported(what: impl Into<String>) -> Exc {
    Exc::new(Raised::Unsupported(what.into()))
}

/// A simulation limit.
#[cold]
pub(crate) fn limit(what: impl Into<String>) -> Exc {
    Exc::new(Raised::Limit(what.into()))
}

impl Vm {
    /// Makes a raised condition an exception object (`PyErr_NormalizeException`); conditions
    /// that are not Python exceptions pass through.
    pub(crate) fn normalize(&mut self, heap: &mut Heap, e: Exc) -> Result<ObjId, Exc> {
        match e.take() {
            Raised::Obj(o) => Ok(o),
            Raised::Lazy(t, msg) => {
                let args = if msg.is_empty() && t != T::KeyError {
                    Vec::new()
                } else {
                    vec![heap.str(&msg)]
                };
                let args = self.new_tuple(heap, args);
                Ok(self.new_exception(heap, self.types.get(t), args))
            }
            other => Err(Exc::new(other)),
        }
    }

    /// A new exception instance of `class` (a type object) with an `args` tuple (stolen).
    pub(crate) fn new_exception(&mut self, heap: &mut Heap, class: ObjId, args: ObjId) -> ObjId {
        let heap_class = matches!(heap.kind(class), Kind::Class(_));
        if heap_class {
            heap.incref(class);
        }
        let size = self.exception_size(heap, class);
        heap.alloc_sized(
            self,
            Kind::Exception(Box::new(ExceptionData {
                class,
                heap_class,
                args,
                dict: None,
                traceback: None,
                context: None,
                cause: None,
                suppress_context: false,
                extra: [None, None],
            })),
            Some(size),
        )
    }

    /// Bytes an exception of `class` asks the allocator for (GC head included).
    fn exception_size(&self, heap: &Heap, class: ObjId) -> u64 {
        let minor = heap.config.version.minor;
        let builtin = self.builtin_base_exception(heap, class);
        let base = match builtin {
            T::StopIteration | T::SystemExit | T::StopAsyncIteration => 8,
            t if t.is_subtype_of(T::OSError) => 40,
            T::NameError | T::AttributeError | T::ImportError | T::UnicodeError => 8,
            _ => 0,
        };
        let mut size = if minor >= 11 { 88 } else { 80 } + base;
        if matches!(heap.kind(class), Kind::Class(_)) {
            // A user subclass adds `__weakref__` (3.12+: in the pre-header, 16 bytes).
            size += if minor >= 12 { 16 } else { 8 };
        }
        size
    }

    /// The builtin exception type an exception class derives from (itself if builtin).
    pub(crate) fn builtin_base_exception(&self, heap: &Heap, class: ObjId) -> T {
        match heap.kind(class) {
            Kind::Type(t) => T::from_index(*t),
            Kind::Class(_) => {
                for b in self.mro_of(heap, class) {
                    if let Kind::Type(t) = heap.kind(b) {
                        return T::from_index(*t);
                    }
                }
                T::Exception
            }
            _ => T::Exception,
        }
    }

    /// The exception's class.
    pub(crate) fn exception_class(heap: &Heap, exc: ObjId) -> Option<ObjId> {
        match heap.kind(exc) {
            Kind::Exception(e) => Some(e.class),
            _ => None,
        }
    }

    /// Whether exception object `exc` is an instance of the exception type `ty`.
    pub(crate) fn exception_matches(&self, heap: &Heap, exc: ObjId, ty: T) -> bool {
        let Some(class) = Self::exception_class(heap, exc) else {
            return false;
        };
        self.is_subclass(heap, class, self.types.get(ty))
    }

    /// Whether a raised condition is a Python exception of type `ty` (or a subclass).
    pub(crate) fn err_matches(&self, heap: &Heap, e: &Exc, ty: T) -> bool {
        let r = e.peek(|r| match r {
            Raised::Lazy(t, _) => Some(Ok(*t)),
            Raised::Obj(o) => Some(Err(*o)),
            _ => None,
        });
        match r.flatten() {
            Some(Ok(t)) => self.type_is_subtype(t, ty),
            Some(Err(o)) => self.exception_matches(heap, o, ty),
            None => false,
        }
    }

    /// Sets `__context__` of a newly raised exception to the exception being handled, as
    /// `_PyErr_SetObject` does (avoiding cycles through the chain).
    pub(crate) fn chain_context(&mut self, heap: &mut Heap, exc: ObjId) {
        let Some(handled) = self.handled_exception(heap) else {
            return;
        };
        if handled == exc {
            return;
        }
        // Break a cycle: if exc is already somewhere in handled's context chain, cut it there.
        let mut o = handled;
        let mut steps = 0;
        loop {
            let next = match heap.kind(o) {
                Kind::Exception(e) => e.context,
                _ => None,
            };
            match next {
                Some(n) if n == exc => {
                    if let Kind::Exception(e) = &mut heap.get_mut(o).kind {
                        e.context = None;
                    }
                    heap.decref(self, exc);
                    break;
                }
                Some(n) => {
                    o = n;
                    steps += 1;
                    if steps > 10_000 {
                        break;
                    }
                }
                None => break,
            }
        }
        heap.incref(handled);
        let old = match &mut heap.get_mut(exc).kind {
            Kind::Exception(e) => e.context.replace(handled),
            _ => {
                heap.decref(self, handled);
                None
            }
        };
        if let Some(o) = old {
            heap.decref(self, o);
        }
    }

    /// The exception being handled now (`sys.exc_info()[1]`), borrowed.
    pub(crate) fn handled_exception(&self, heap: &Heap) -> Option<ObjId> {
        for r in self.exc_info.iter().rev() {
            if let Some(o) = r.id() {
                if !matches!(heap.kind(o), Kind::None) {
                    return Some(o);
                }
            }
        }
        None
    }

    /// Adds a traceback entry for frame `frame_obj` at `line` to an exception
    /// (`PyTraceBack_Here`).
    pub(crate) fn add_traceback(
        &mut self,
        heap: &mut Heap,
        exc: ObjId,
        frame_obj: ObjId,
        line: u32,
        lasti: u32,
    ) {
        let next = match &mut heap.get_mut(exc).kind {
            Kind::Exception(e) => e.traceback.take(),
            _ => return,
        };
        heap.incref(frame_obj);
        let tb = heap.alloc_sized(
            self,
            Kind::Traceback(next, frame_obj, line, lasti),
            Some(56),
        );
        if let Kind::Exception(e) = &mut heap.get_mut(exc).kind {
            e.traceback = Some(tb);
        }
    }

    /// The text of an exception as its `str()` (the message a traceback's last line shows).
    pub(crate) fn exception_message(&mut self, heap: &mut Heap, exc: ObjId) -> String {
        match self.str_of(heap, exc) {
            Ok(s) => s.to_string(),
            Err(e) => {
                drop(e);
                "<exception str() failed>".into()
            }
        }
    }

    /// The name CPython prints for an exception's type: qualified by its module unless the
    /// module is `builtins` or `__main__`.
    pub(crate) fn exception_type_name(&self, heap: &Heap, exc: ObjId) -> String {
        let Some(class) = Self::exception_class(heap, exc) else {
            return "Exception".into();
        };
        match heap.kind(class) {
            Kind::Type(t) => {
                let t = T::from_index(*t);
                match t.module() {
                    Some(m) => format!("{m}.{}", t.name()),
                    None => t.name().to_string(),
                }
            }
            Kind::Class(_) => {
                let module = self.class_module(heap, class);
                let q = self.class_qualname(heap, class);
                match module.as_deref() {
                    None | Some("__main__") | Some("builtins") => q,
                    Some(m) => format!("{m}.{q}"),
                }
            }
            _ => "Exception".into(),
        }
    }

    /// The traceback CPython prints for an uncaught exception (`PyErr_Print`), chained
    /// exceptions first.
    pub(crate) fn format_exception(&mut self, heap: &mut Heap, exc: ObjId) -> String {
        let mut out = String::new();
        let mut seen = Vec::new();
        self.format_chain(heap, exc, &mut out, &mut seen);
        out
    }

    fn format_chain(
        &mut self,
        heap: &mut Heap,
        exc: ObjId,
        out: &mut String,
        seen: &mut Vec<ObjId>,
    ) {
        seen.push(exc);
        let (cause, context, suppress) = match heap.kind(exc) {
            Kind::Exception(e) => (e.cause, e.context, e.suppress_context),
            _ => (None, None, false),
        };
        if let Some(c) = cause.filter(|c| !seen.contains(c)) {
            self.format_chain(heap, c, out, seen);
            out.push_str(
                "\nThe above exception was the direct cause of the following exception:\n\n",
            );
        } else if let Some(c) = context.filter(|c| !suppress && !seen.contains(c)) {
            self.format_chain(heap, c, out, seen);
            out.push_str(
                "\nDuring handling of the above exception, another exception occurred:\n\n",
            );
        }
        self.format_one(heap, exc, out);
    }

    fn format_one(&mut self, heap: &mut Heap, exc: ObjId, out: &mut String) {
        let minor = heap.config.version.minor;
        let mut tb = match heap.kind(exc) {
            Kind::Exception(e) => e.traceback,
            _ => None,
        };
        let mut entries: Vec<TracebackEntry> = Vec::new();
        let mut guard = 0;
        while let Some(t) = tb {
            guard += 1;
            if guard > 100_000 {
                break;
            }
            let Kind::Traceback(next, frame, line, lasti) = *heap.kind(t) else {
                break;
            };
            let lasti = Some(lasti);
            let code = match heap.kind(frame) {
                Kind::FrameObj(f) => f.code,
                _ => u32::MAX,
            };
            let (path, name, span) = match self.codes.get(code as usize) {
                Some(c) => {
                    let span = lasti
                        .and_then(|pc| c.spans.get(pc as usize).copied())
                        .filter(|s| s.line == line);
                    (
                        c.source.path.clone(),
                        c.name.clone(),
                        span.map(|s| (c.source.clone(), s)),
                    )
                }
                None => (self.path.clone(), Rc::from("<module>"), None),
            };
            entries.push((path, line, name, span));
            tb = next;
        }
        if !entries.is_empty() {
            out.push_str("Traceback (most recent call last):\n");
        }
        // A frame repeated more than three times in a row is summarised.
        let mut i = 0;
        while i < entries.len() {
            let mut run = 1;
            while i + run < entries.len()
                && entries[i + run].0 == entries[i].0
                && entries[i + run].1 == entries[i].1
                && entries[i + run].2 == entries[i].2
            {
                run += 1;
            }
            for (path, line, name, span) in &entries[i..i + run.min(3)] {
                out.push_str(&format!("  File \"{path}\", line {line}, in {name}\n"));
                let text = span
                    .as_ref()
                    .and_then(|(src, _)| src.line_text(*line).map(str::to_string))
                    .or_else(|| self.source_line_for(path, *line));
                if let Some(text) = text {
                    if !text.trim().is_empty() {
                        out.push_str(&format!("    {}\n", text.trim()));
                        if let Some((src, sp)) = span {
                            if let Some(c) = src.carets(*line, sp, minor) {
                                out.push_str(&format!("    {c}\n"));
                            }
                        }
                    }
                }
            }
            if run > 3 {
                out.push_str(&format!(
                    "  [Previous line repeated {} more time{}]\n",
                    run - 3,
                    if run - 3 == 1 { "" } else { "s" }
                ));
            }
            i += run;
        }
        let ty = self.exception_type_name(heap, exc);
        let msg = self.exception_message(heap, exc);
        if msg.is_empty() {
            out.push_str(&ty);
        } else {
            out.push_str(&format!("{ty}: {msg}"));
        }
        out.push('\n');
    }

    /// A line of a source file the interpreter ran (for traceback entries without a span).
    fn source_line_for(&self, path: &str, line: u32) -> Option<String> {
        self.sources
            .iter()
            .rev()
            .filter(|s| s.path == path)
            .find_map(|s| s.line_text(line).map(str::to_string))
    }
}
