//! The standard library modules pymemsim implements (one file each): `gc`, `sys`, `weakref`,
//! `math`, `time`, `collections`, `functools`, `itertools`, `copy`, `random`, `atexit`, `bisect`, and
//! small ones (`operator`, `string`, `_testcapi`). Importing one makes its
//! module object; importing a module pymemsim does not model stops with "not supported".
//! Library objects (`Native` kinds) are built, iterated, called and shown here.

pub(crate) mod atexit;
pub(crate) mod bisect;
pub(crate) mod collections;
pub(crate) mod copy;
pub(crate) mod functools;
pub(crate) mod gc;
pub(crate) mod itertools;
pub(crate) mod math;
pub(crate) mod misc;
pub(crate) mod random;
pub(crate) mod sys;
pub(crate) mod time;
pub(crate) mod weakref;

use std::rc::Rc;

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{Kind, NativePayload};

use super::builtins::{Args, Def, T};
use super::exception::{err, type_error, unsupported, R};
use super::Vm;

/// Builtin callables not tied to one module.
pub(crate) const DEFS: &[Def] = &[];

/// Every module's functions.
pub(crate) fn module_defs() -> Vec<&'static [Def]> {
    vec![
        gc::DEFS,
        sys::DEFS,
        weakref::DEFS,
        math::DEFS,
        time::DEFS,
        collections::DEFS,
        functools::DEFS,
        itertools::DEFS,
        copy::DEFS,
        random::DEFS,
        atexit::DEFS,
        bisect::DEFS,
        misc::DEFS,
    ]
}

/// The modules pymemsim implements.
const MODULES: &[&str] = &[
    "builtins",
    "gc",
    "sys",
    "weakref",
    "math",
    "time",
    "collections",
    "functools",
    "itertools",
    "copy",
    "random",
    "atexit",
    "bisect",
    "operator",
    "_testcapi",
    "_pymemsim",
    "string",
];

/// Standard modules pymemsim implements in Python (`stdlib/py/`), as CPython's own are:
/// importing one runs its source in a new module, and its functions and classes are Python
/// objects on the heap. Their frames show in tracebacks as `<pymemsim's NAME>`, since the line
/// numbers are not CPython's.
const PY_MODULES: &[(&str, &str)] = &[
    ("contextlib", include_str!("py/contextlib.py")),
    ("dataclasses", include_str!("py/dataclasses.py")),
    ("abc", include_str!("py/abc.py")),
    ("inspect", include_str!("py/inspect.py")),
    ("pprint", include_str!("py/pprint.py")),
];

/// Python code run in a native module's dict when it is imported (what CPython writes in
/// Python inside such a module).
const PY_EXTRAS: &[(&str, &str)] = &[
    ("functools", include_str!("py/functools_extra.py")),
    ("weakref", include_str!("py/weakref_extra.py")),
    ("operator", include_str!("py/operator_extra.py")),
    ("collections", include_str!("py/collections_extra.py")),
];

/// Whether `name` is a standard module pymemsim implements (in part).
pub(crate) fn is_modelled_module(name: &str) -> bool {
    name != "__main__" && (MODULES.contains(&name) || PY_MODULES.iter().any(|(m, _)| *m == name))
}

/// Whether `module.name` is a function pymemsim implements for other versions (so that in
/// this one its absence is CPython's `AttributeError`).
pub(crate) fn known_in_other_versions(module: &str, name: &str) -> bool {
    MODULES
        .iter()
        .find(|&&m| m == module)
        .is_some_and(|&m| Vm::builtin_index(None, Some(m), name).is_some())
}

/// Whether a module function or type exists in Python 3.`minor`: the names CPython's module
/// has on that version (recorded in `cpython_names`), where the table knows the module.
fn exists(minor: u8, module: &str, name: &str) -> bool {
    match module {
        "sys" => sys::exists(minor, name),
        _ => {
            let key = format!("module:{module}");
            !super::builtins::cpython_knows(&key) || super::builtins::cpython_has(&key, name, minor)
        }
    }
}

/// Standard modules a program may import that pymemsim does not model.
const KNOWN_UNMODELLED: &[&str] = &[
    "os",
    "re",
    "json",
    "io",
    "threading",
    "asyncio",
    "subprocess",
    "socket",
    "tracemalloc",
    "ctypes",
    "pickle",
    "datetime",
    "decimal",
    "fractions",
    "statistics",
    "enum",
    "traceback",
    "logging",
    "unittest",
    "heapq",
    "array",
    "struct",
    "textwrap",
    "types",
    "shutil",
    "pathlib",
    "tempfile",
    "csv",
    "sqlite3",
    "urllib",
    "http",
    "email",
    "hashlib",
    "uuid",
    "zlib",
    "gzip",
    "glob",
    "fnmatch",
    "argparse",
    "getopt",
    "locale",
    "signal",
    "select",
    "queue",
    "multiprocessing",
    "concurrent",
    "platform",
    "warnings",
    "dis",
    "ast",
    "importlib",
    "numbers",
    "cmath",
    "secrets",
    "timeit",
    "doctest",
    "resource",
    "mmap",
    "codecs",
    "unicodedata",
    "difflib",
    "shelve",
    "dbm",
    "zipfile",
    "tarfile",
    "base64",
    "binascii",
    "sched",
    "calendar",
    "graphlib",
    "typing",
];

impl Vm {
    /// `import name` (`IMPORT_NAME`): the top-level module.
    pub(crate) fn import_name(&mut self, heap: &mut Heap, name: &str, fromlist: ObjId) -> R<ObjId> {
        let _ = fromlist;
        let top = name.split('.').next().unwrap_or(name);
        if name.contains('.') {
            if name == "collections.abc" || name == "os.path" {
                return Err(unsupported(format!("module '{name}'")));
            }
            return Err(err(
                T::ModuleNotFoundError,
                format!("No module named '{name}'; '{top}' is not a package"),
            ));
        }
        self.import_builtin_module(heap, top)
    }

    /// The module object of a module pymemsim implements (made at its first import).
    pub(crate) fn import_builtin_module(&mut self, heap: &mut Heap, name: &str) -> R<ObjId> {
        if let Some(&m) = self.modules.get(name) {
            heap.incref(m);
            return Ok(m);
        }
        if name == "__main__" {
            return Err(err(T::ModuleNotFoundError, "No module named '__main__'"));
        }
        if let Some(&(_, source)) = PY_MODULES.iter().find(|(n, _)| *n == name) {
            return self.import_python_module(heap, name, source);
        }
        if !MODULES.contains(&name) {
            if KNOWN_UNMODELLED.contains(&name) {
                return Err(unsupported(format!("the module '{name}'")));
            }
            return Err(err(
                T::ModuleNotFoundError,
                format!("No module named '{name}'"),
            ));
        }
        let m = self.new_module(heap, name, None);
        let dict = match heap.kind(m) {
            Kind::Module(_, d) => *d,
            _ => return Ok(m),
        };
        // Its functions.
        for group in module_defs() {
            for d in group {
                if d.module == Some(name) && d.owner.is_none() && exists(self.minor, name, d.name) {
                    if let Some(i) = Self::builtin_index(None, d.module, d.name) {
                        let key = self.intern(heap, d.name);
                        let v = self.builtin_object(heap, i);
                        self.dict_set_str_key(heap, dict, key, v);
                    }
                }
            }
        }
        // Its types.
        for &t in T::ALL {
            // (The weak containers and WeakMethod are Python classes, from PY_EXTRAS.)
            if t.module() == Some(name)
                && exists(self.minor, name, t.name())
                && !matches!(
                    t,
                    T::Grouper
                        | T::DequeIterator
                        | T::WeakMethod
                        | T::WeakValueDictionary
                        | T::WeakKeyDictionary
                        | T::WeakSet
                )
            {
                let key = self.intern(heap, t.name());
                let v = self.types.get(t);
                heap.incref(v);
                self.dict_set_str_key(heap, dict, key, v);
            }
        }
        self.module_extra(heap, name, dict)?;
        if let Some(&(_, source)) = PY_EXTRAS.iter().find(|(n, _)| *n == name) {
            let path = format!("<pymemsim's {name}>");
            let saved = std::mem::replace(&mut self.path, path);
            let r = self.run_module_source(heap, source, dict);
            self.path = saved;
            r?;
        }
        // The module and what it holds are interpreter machinery, not the program's objects.
        self.interpreter_objs.insert(m.0);
        self.interpreter_objs.insert(dict.0);
        if let Kind::Dict(d) = heap.kind(dict) {
            for (k, v) in d.iter() {
                self.interpreter_objs.insert(k.0);
                self.interpreter_objs.insert(v.0);
            }
        }
        heap.incref(m);
        self.modules.insert(name.to_string(), m);
        Ok(m)
    }

    /// Imports a module written in Python: a new module in `sys.modules` first (as CPython
    /// does, so that a circular import finds it), then its source run in the module's dict.
    fn import_python_module(&mut self, heap: &mut Heap, name: &str, source: &str) -> R<ObjId> {
        let m = self.new_module(heap, name, None);
        let dict = match heap.kind(m) {
            Kind::Module(_, d) => *d,
            _ => return Ok(m),
        };
        self.modules.insert(name.to_string(), m);
        let path = format!("<pymemsim's {name}>");
        let key = self.intern(heap, "__file__");
        let file = heap.str(&path);
        self.dict_set_str_key(heap, dict, key, file);
        let saved = std::mem::replace(&mut self.path, path);
        let r = self.run_module_source(heap, source, dict);
        self.path = saved;
        if let Err(e) = r {
            self.modules.remove(name);
            heap.decref(self, m);
            return Err(e);
        }
        heap.incref(m);
        Ok(m)
    }

    /// Values a module has besides functions and types.
    fn module_extra(&mut self, heap: &mut Heap, name: &str, dict: ObjId) -> R<()> {
        let set = |vm: &mut Vm, heap: &mut Heap, k: &str, v: ObjId| {
            let key = vm.intern(heap, k);
            vm.dict_set_str_key(heap, dict, key, v);
        };
        match name {
            "gc" => {
                for (k, v) in [
                    ("DEBUG_STATS", 1),
                    ("DEBUG_COLLECTABLE", 2),
                    ("DEBUG_UNCOLLECTABLE", 4),
                    ("DEBUG_SAVEALL", 32),
                    ("DEBUG_LEAK", 38),
                ] {
                    let val = heap.int(v);
                    set(self, heap, k, val);
                }
                let g = heap.gc.garbage.unwrap_or(self.gc_callbacks);
                heap.incref(g);
                set(self, heap, "garbage", g);
                let cb = self.gc_callbacks;
                heap.incref(cb);
                set(self, heap, "callbacks", cb);
            }
            "sys" => sys::module_values(self, heap, dict)?,
            "bisect" => {
                for (alias, name) in [("bisect", "bisect_right"), ("insort", "insort_right")] {
                    if let Some(f) = heap.dict_get_str(dict, name) {
                        heap.incref(f);
                        set(self, heap, alias, f);
                    }
                }
            }
            "math" => {
                for (k, v) in [
                    ("pi", std::f64::consts::PI),
                    ("e", std::f64::consts::E),
                    ("tau", std::f64::consts::TAU),
                    ("inf", f64::INFINITY),
                    ("nan", f64::NAN),
                ] {
                    let val = heap.new_plain(Kind::Float(v));
                    set(self, heap, k, val);
                }
            }
            "weakref" => {
                let r = self.types.get(T::WeakRef);
                heap.incref(r);
                set(self, heap, "ref", r);
                let p = self.types.get(T::WeakProxy);
                heap.incref(p);
                set(self, heap, "ProxyType", p);
            }
            "string" => {
                for (k, v) in [
                    ("ascii_lowercase", "abcdefghijklmnopqrstuvwxyz"),
                    ("ascii_uppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                    (
                        "ascii_letters",
                        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                    ),
                    ("digits", "0123456789"),
                    ("hexdigits", "0123456789abcdefABCDEF"),
                    ("octdigits", "01234567"),
                    ("punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
                    ("whitespace", " \t\n\r\x0b\x0c"),
                ] {
                    let val = heap.str(v);
                    set(self, heap, k, val);
                }
            }
            "collections" => {}
            _ => {}
        }
        Ok(())
    }

    /// `from module import name` (`IMPORT_FROM`).
    pub(crate) fn import_from(&mut self, heap: &mut Heap, module: ObjId, name: ObjId) -> R<ObjId> {
        match self.getattr(heap, module, name) {
            Ok(v) => Ok(v),
            Err(e) if self.err_matches(heap, &e, T::AttributeError) => {
                self.discard(heap, e);
                let n = self.str_value(heap, name);
                let m = match heap.kind(module) {
                    Kind::Module(m, _) => m.clone(),
                    _ => Rc::from("?"),
                };
                let location = "(unknown location)";
                Err(err(
                    T::ImportError,
                    format!("cannot import name '{n}' from '{m}' {location}"),
                ))
            }
            Err(e) => Err(e),
        }
    }

    /// `from module import *`.
    pub(crate) fn import_star(&mut self, heap: &mut Heap, module: ObjId) -> R<()> {
        let dict = match heap.kind(module) {
            Kind::Module(_, d) => *d,
            _ => return Err(type_error("import * of a non-module")),
        };
        let pairs: Vec<(ObjId, ObjId)> = match heap.kind(dict) {
            Kind::Dict(d) => d.iter().collect(),
            _ => Vec::new(),
        };
        let ns = self.frame().namespace.unwrap_or(self.frame().globals);
        for (k, v) in pairs {
            if self.str_value(heap, k).starts_with('_') {
                continue;
            }
            heap.incref(k);
            heap.incref(v);
            self.dict_setitem(heap, ns, k, v)?;
        }
        Ok(())
    }

    /// Attributes modules compute when asked (none yet besides their dicts).
    pub(crate) fn module_lazy_attr(
        &mut self,
        heap: &mut Heap,
        module: &str,
        name: &str,
    ) -> R<Option<ObjId>> {
        let _ = (heap, module, name);
        Ok(None)
    }

    // ----------------------------------------------------------------------------------------
    // Library objects

    /// Whether a `Native` type is an iterator.
    pub(crate) fn native_is_iterator(&self, ty: u16) -> bool {
        matches!(
            T::from_index(ty),
            T::Enumerate
                | T::Zip
                | T::Map
                | T::Filter
                | T::Reversed
                | T::ListReverseIterator
                | T::DictReverseKeyIterator
                | T::CallableIterator
                | T::DictKeyIterator
                | T::DictValueIterator
                | T::DictItemIterator
                | T::SetIterator
                | T::DequeIterator
                | T::Count
                | T::Cycle
                | T::Repeat
                | T::Chain
                | T::ISlice
                | T::Product
                | T::Permutations
                | T::Combinations
                | T::CombinationsWithReplacement
                | T::GroupBy
                | T::Grouper
                | T::Accumulate
                | T::ZipLongest
                | T::StarMap
                | T::TakeWhile
                | T::DropWhile
                | T::FilterFalse
                | T::Compress
                | T::Pairwise
                | T::Tee
        )
    }

    /// One step of a `Native` iterator.
    pub(crate) fn native_next(&mut self, heap: &mut Heap, it: ObjId, ty: T) -> R<Option<ObjId>> {
        match ty {
            T::DictKeyIterator | T::DictValueIterator | T::DictItemIterator => {
                self.dict_iter_next(heap, it)
            }
            T::SetIterator => self.set_iter_next(heap, it),
            T::Enumerate => {
                let (inner, n) = match heap.kind(it) {
                    Kind::Native(d) => (d.refs[0], d.nums[0]),
                    _ => return Ok(None),
                };
                let Some(inner) = inner else { return Ok(None) };
                match self.iter_next(heap, inner)? {
                    Some(v) => {
                        if let Kind::Native(d) = &mut heap.get_mut(it).kind {
                            d.nums[0] = n + 1;
                        }
                        let i = heap.int(n);
                        Ok(Some(self.recycle_result(
                            heap,
                            it,
                            1,
                            vec![i, v],
                            self.minor >= 15,
                        )))
                    }
                    None => Ok(None),
                }
            }
            T::Zip => self.zip_next(heap, it),
            T::Map => {
                let refs = match heap.kind(it) {
                    Kind::Native(d) => d.refs.clone(),
                    _ => return Ok(None),
                };
                let (Some(f), Some(iters)) = (refs[0], refs[1]) else {
                    return Ok(None);
                };
                let its = match heap.kind(iters) {
                    Kind::Tuple(items) => items.clone(),
                    _ => return Ok(None),
                };
                let mut args = Vec::new();
                for i in &its {
                    match self.iter_next(heap, *i)? {
                        Some(v) => args.push(v),
                        None => {
                            for a in args {
                                heap.decref(self, a);
                            }
                            return Ok(None);
                        }
                    }
                }
                let r = self.call1(heap, f, &args);
                for a in args {
                    heap.decref(self, a);
                }
                r.map(Some)
            }
            T::Filter => {
                let refs = match heap.kind(it) {
                    Kind::Native(d) => d.refs.clone(),
                    _ => return Ok(None),
                };
                let (Some(f), Some(inner)) = (refs[0], refs[1]) else {
                    return Ok(None);
                };
                loop {
                    let Some(v) = self.iter_next(heap, inner)? else {
                        return Ok(None);
                    };
                    let keep = if matches!(heap.kind(f), Kind::None) {
                        self.is_true(heap, v)
                    } else {
                        match self.call1(heap, f, &[v]) {
                            Ok(r) => {
                                let t = self.is_true(heap, r);
                                heap.decref(self, r);
                                t
                            }
                            Err(e) => Err(e),
                        }
                    };
                    match keep {
                        Ok(true) => return Ok(Some(v)),
                        Ok(false) => heap.decref(self, v),
                        Err(e) => {
                            heap.decref(self, v);
                            return Err(e);
                        }
                    }
                }
            }
            T::Reversed | T::ListReverseIterator | T::DictReverseKeyIterator => {
                let (seq, i) = match heap.kind(it) {
                    Kind::Native(d) => (d.refs[0], d.nums[0]),
                    _ => return Ok(None),
                };
                let Some(seq) = seq else { return Ok(None) };
                let n = self.len_of(heap, seq)? as i64;
                if i < 0 || i >= n {
                    if let Kind::Native(d) = &mut heap.get_mut(it).kind {
                        d.refs[0] = None;
                    }
                    heap.decref(self, seq);
                    return Ok(None);
                }
                if let Kind::Native(d) = &mut heap.get_mut(it).kind {
                    d.nums[0] = i - 1;
                }
                let k = heap.int(i);
                let r = self.getitem(heap, seq, k);
                heap.decref(self, k);
                r.map(Some)
            }
            T::CallableIterator => {
                let refs = match heap.kind(it) {
                    Kind::Native(d) => d.refs.clone(),
                    _ => return Ok(None),
                };
                let (Some(f), Some(sentinel)) = (refs[0], refs[1]) else {
                    return Ok(None);
                };
                let v = self.call1(heap, f, &[])?;
                if self.eq(heap, v, sentinel)? {
                    heap.decref(self, v);
                    if let Kind::Native(d) = &mut heap.get_mut(it).kind {
                        d.refs = vec![None, None];
                    }
                    heap.decref(self, f);
                    heap.decref(self, sentinel);
                    return Ok(None);
                }
                Ok(Some(v))
            }
            T::DequeIterator => collections::deque_iter_next(self, heap, it),
            other => itertools::next(self, heap, it, other),
        }
    }

    /// `zip_next`: one item from each iterator, into the kept result tuple when nobody else
    /// holds it (each old item released as its replacement arrives), else a new tuple;
    /// `strict=True` checks that all iterators end together.
    fn zip_next(&mut self, heap: &mut Heap, it: ObjId) -> R<Option<ObjId>> {
        let (ittuple, result, strict) = match heap.kind(it) {
            Kind::Native(d) => (d.refs[0], d.refs[1], d.nums[0] != 0),
            _ => return Ok(None),
        };
        let its = match ittuple.map(|t| heap.kind(t)) {
            Some(Kind::Tuple(items)) => items.clone(),
            _ => return Ok(None),
        };
        if its.is_empty() {
            return Ok(None);
        }
        let reuse = result.filter(|&r| heap.get(r).refcnt == 1);
        if let Some(r) = reuse {
            heap.incref(r);
            for (i, &inner) in its.iter().enumerate() {
                match self.iter_next(heap, inner) {
                    Ok(Some(v)) => {
                        let old = match &mut heap.get_mut(r).kind {
                            Kind::Tuple(t) => std::mem::replace(&mut t[i], v),
                            _ => v,
                        };
                        heap.decref(self, old);
                    }
                    Ok(None) => {
                        heap.decref(self, r);
                        return self.zip_check_strict(heap, &its, i, strict);
                    }
                    Err(e) => {
                        heap.decref(self, r);
                        return Err(e);
                    }
                }
            }
            if !heap.get(r).is_tracked() {
                heap.track(r);
            }
            return Ok(Some(r));
        }
        let mut items = Vec::with_capacity(its.len());
        for (i, &inner) in its.iter().enumerate() {
            match self.iter_next(heap, inner) {
                Ok(Some(v)) => items.push(v),
                Ok(None) => {
                    // The result tuple was made before the iterators were asked, and is
                    // released with the items it got.
                    heap.decref_all(self, items);
                    heap.tuple_new_released(self, its.len());
                    return self.zip_check_strict(heap, &its, i, strict);
                }
                Err(e) => {
                    heap.decref_all(self, items);
                    heap.tuple_new_released(self, its.len());
                    return Err(e);
                }
            }
        }
        Ok(Some(heap.tuple(self, items)))
    }

    /// `zip(strict=True)`: iterator `i` ended; the others must end now too.
    fn zip_check_strict(
        &mut self,
        heap: &mut Heap,
        its: &[ObjId],
        i: usize,
        strict: bool,
    ) -> R<Option<ObjId>> {
        if !strict {
            return Ok(None);
        }
        let plural = |k: usize| {
            if k > 1 {
                format!("s 1-{k}")
            } else {
                " 1".to_string()
            }
        };
        if i > 0 {
            return Err(super::exception::value_error(format!(
                "zip() argument {} is shorter than argument{}",
                i + 1,
                plural(i)
            )));
        }
        for (j, &rest) in its.iter().enumerate().skip(1) {
            if let Some(v) = self.iter_next(heap, rest)? {
                heap.decref(self, v);
                return Err(super::exception::value_error(format!(
                    "zip() argument {} is longer than argument{}",
                    j + 1,
                    plural(j)
                )));
            }
        }
        Ok(None)
    }

    /// The repr of a library object.
    pub(crate) fn native_repr(&mut self, heap: &mut Heap, obj: ObjId) -> R<Rc<str>> {
        let addr = heap.get(obj).addr;
        let (t, refs) = match heap.kind(obj) {
            Kind::Native(n) => (T::from_index(n.ty), n.refs.clone()),
            _ => return Ok(Rc::from("?")),
        };
        let s = match t {
            T::Slice => {
                let parts = self.reprs(
                    heap,
                    &refs
                        .iter()
                        .map(|r| r.unwrap_or(heap.statics.none))
                        .collect::<Vec<_>>(),
                )?;
                format!("slice({})", parts.join(", "))
            }
            T::Deque => return collections::deque_repr(self, heap, obj),
            T::Code => self.code_repr(heap, obj),
            T::Count | T::Repeat => {
                if let Some(r) = itertools::repr(self, heap, obj, t)? {
                    return Ok(r);
                }
                format!("<itertools.{} object at {addr:#x}>", t.name())
            }
            T::Partial => return functools::partial_repr(self, heap, obj),
            T::StaticMethod | T::ClassMethod if self.minor >= 10 => {
                let inner = match refs[0] {
                    Some(f) => self.repr_of(heap, f)?.to_string(),
                    None => "None".into(),
                };
                format!("<{} object at {addr:#x}>", t.name()).replace(
                    &format!("<{} object at {addr:#x}>", t.name()),
                    &format!("<{}({inner})>", t.name()),
                )
            }
            _ => {
                let name = match t.module() {
                    Some(m) if t != T::Finalize => format!("{m}.{}", t.name()),
                    _ => t.name().to_string(),
                };
                format!("<{name} object at {addr:#x}>")
            }
        };
        Ok(Rc::from(s))
    }

    /// Constructs a library type.
    pub(crate) fn construct_library(&mut self, heap: &mut Heap, t: T, a: &Args) -> R<ObjId> {
        match t {
            T::Deque => collections::deque_new(self, heap, a),
            T::Partial => functools::partial_new(self, heap, a),
            T::WeakRef => weakref::ref_new(self, heap, a),
            T::WeakProxy => weakref::proxy_new(self, heap, a),
            T::WeakMethod => weakref::weakmethod_new(self, heap, a),
            T::Finalize => weakref::finalize_new(self, heap, a),
            T::WeakValueDictionary | T::WeakKeyDictionary | T::WeakSet => {
                weakref::weak_container_new(self, heap, t, a)
            }
            T::Random => random::random_new(self, heap, a),
            T::AttrGetter | T::ItemGetter => misc::getter_new(self, heap, t, a),
            _ if t.module() == Some("itertools") => itertools::construct(self, heap, t, a),
            _ => Err(unsupported(format!("creating '{}' objects", t.name()))),
        }
    }

    /// Calls a library object.
    pub(crate) fn call_library(
        &mut self,
        heap: &mut Heap,
        obj: ObjId,
        t: T,
        args: &[ObjId],
        kwnames: &[ObjId],
        kwvals: &[ObjId],
    ) -> R<ObjId> {
        match t {
            T::Partial => functools::partial_call(self, heap, obj, args, kwnames, kwvals),
            T::LruCacheWrapper => functools::lru_call(self, heap, obj, args, kwnames, kwvals),
            T::AttrGetter | T::ItemGetter => misc::getter_call(self, heap, obj, t, args),
            T::WeakMethod => weakref::weakmethod_call(self, heap, obj),
            _ => {
                let n = t.name();
                Err(type_error(format!("'{n}' object is not callable")))
            }
        }
    }

    /// Attributes of library objects.
    pub(crate) fn library_getattr(
        &mut self,
        heap: &mut Heap,
        obj: ObjId,
        t: T,
        name: &str,
    ) -> R<Option<ObjId>> {
        match t {
            T::Partial => functools::partial_getattr(self, heap, obj, name),
            T::LruCacheWrapper => functools::lru_getattr(self, heap, obj, name),
            T::WeakProxy => weakref::proxy_getattr(self, heap, obj, name).map(Some),
            _ => Ok(None),
        }
    }

    /// Iterating a deque.
    pub(crate) fn deque_iter(&mut self, heap: &mut Heap, d: ObjId) -> ObjId {
        heap.incref(d);
        let mutations = match heap.kind(d) {
            Kind::Native(n) => n.nums[2],
            _ => 0,
        };
        self.new_native_full(
            heap,
            T::DequeIterator,
            vec![Some(d)],
            [0, mutations + 1, 0, 0],
            NativePayload::None,
            72,
            true,
        )
    }
}
