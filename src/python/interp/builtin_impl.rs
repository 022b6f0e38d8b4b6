//! Builtin functions, builtin types' constructors and methods, and the `gc`, `sys`, `weakref`,
//! `_testcapi` and `itertools` functions. Arguments are borrowed; results are new references.

use super::*;

impl Rt {
    fn arg(&self, args: &[ObjId], i: usize, fname: &str) -> R<ObjId> {
        args.get(i).copied().ok_or_else(|| {
            py_err(
                "TypeError",
                format!("{fname}() missing required argument (pos {})", i + 1),
            )
        })
    }

    fn small_int(&self, heap: &Heap, id: ObjId) -> R<i64> {
        match heap.kind(id) {
            Kind::Int(IntVal::Small(v)) => Ok(*v),
            Kind::Bool(b) => Ok(i64::from(*b)),
            _ => Err(py_err(
                "TypeError",
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    repr::type_name(heap, id)
                ),
            )),
        }
    }

    fn kwarg(&self, kw: &[(String, ObjId)], name: &str) -> Option<ObjId> {
        kw.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
    }

    fn write_out(&mut self, heap: &mut Heap, text: &str, to_stderr: bool) {
        heap.log.output(text, to_stderr);
        self.emit(to_stderr, text);
    }

    fn new_list_of(&mut self, heap: &mut Heap, items: Vec<ObjId>) -> ObjId {
        let n = items.len();
        heap.list(self, items, n)
    }

    fn int_tuple(&mut self, heap: &mut Heap, values: &[i64]) -> ObjId {
        let items: Vec<ObjId> = values.iter().map(|&v| heap.int(v)).collect();
        heap.tuple(self, items)
    }

    pub(super) fn call_builtin(
        &mut self,
        heap: &mut Heap,
        b: BuiltinId,
        args: &[ObjId],
        kw: &[(String, ObjId)],
    ) -> R<ObjId> {
        let name = builtins::full_name(b);
        match name {
            "print" => {
                let sep = match self.kwarg(kw, "sep") {
                    Some(s) if !matches!(heap.kind(s), Kind::None) => self.str_of(heap, s)?,
                    _ => " ".into(),
                };
                let end = match self.kwarg(kw, "end") {
                    Some(s) if !matches!(heap.kind(s), Kind::None) => self.str_of(heap, s)?,
                    _ => "\n".into(),
                };
                let to_stderr = self.kwarg(kw, "file").is_some_and(|f| matches!(heap.kind(f), Kind::Str(s) if &**s == "stderr"));
                let mut parts = Vec::with_capacity(args.len());
                for &a in args {
                    parts.push(self.str_of(heap, a)?);
                }
                let text = format!("{}{}", parts.join(&sep), end);
                self.write_out(heap, &text, to_stderr);
                Ok(heap.none())
            }
            "len" => {
                let a = self.arg(args, 0, "len")?;
                let n = match heap.kind(a) {
                    Kind::Str(s) => s.chars().count(),
                    Kind::Bytes(b) => b.len(),
                    Kind::ByteArray(b, _) => b.len(),
                    Kind::Tuple(v) | Kind::List(v, ..) | Kind::Set(v, ..) => v.len(),
                    Kind::Dict(d) => d.used,
                    Kind::DictView(d, _) => match heap.kind(*d) {
                        Kind::Dict(dd) => dd.used,
                        _ => 0,
                    },
                    Kind::Range(x, y, s) => range_len(*x, *y, *s) as usize,
                    _ => {
                        return Err(py_err("TypeError", format!("object of type '{}' has no len()", repr::type_name(heap, a))))
                    }
                };
                Ok(heap.int(n as i64))
            }
            "id" => {
                let a = self.arg(args, 0, "id")?;
                let addr = heap.get(a).addr;
                Ok(heap.int_val(IntVal::from_big(BigInt::from(addr))))
            }
            "repr" => {
                let a = self.arg(args, 0, "repr")?;
                let s = self.repr_of(heap, a)?;
                Ok(heap.str(&s))
            }
            "hex" => {
                let a = self.arg(args, 0, "hex")?;
                match self.num(heap, a) {
                    Some(Num::Int(i)) => {
                        let v = i.to_big();
                        let s = if v.is_negative() { format!("-0x{:x}", -v) } else { format!("0x{v:x}") };
                        Ok(heap.str(&s))
                    }
                    _ => Err(py_err("TypeError", "hex() requires an integer")),
                }
            }
            "isinstance" => {
                let (a, t) = (self.arg(args, 0, "isinstance")?, self.arg(args, 1, "isinstance")?);
                let types = match heap.kind(t) {
                    Kind::Tuple(items) => items.clone(),
                    _ => vec![t],
                };
                let mut result = false;
                for ty in types {
                    result |= self.is_instance(heap, a, ty);
                }
                Ok(heap.bool(result))
            }
            "issubclass" => {
                let (a, t) = (self.arg(args, 0, "issubclass")?, self.arg(args, 1, "issubclass")?);
                Ok(heap.bool(self.is_subclass(heap, a, t)))
            }
            "type" => {
                let a = self.arg(args, 0, "type")?;
                if args.len() != 1 {
                    return Err(Exc::unsupported("type() with three arguments".into()));
                }
                self.type_of(heap, a)
            }
            "callable" => {
                let a = self.arg(args, 0, "callable")?;
                let c = matches!(
                    heap.kind(a),
                    Kind::Function(_) | Kind::Method(..) | Kind::Builtin(_) | Kind::BuiltinMethod(..) | Kind::Class(_) | Kind::Finalizer(..)
                );
                Ok(heap.bool(c))
            }
            "hash" => {
                let a = self.arg(args, 0, "hash")?;
                match heap.hkey(a) {
                    Some(HKey::Int(IntVal::Small(v))) if v != -1 => Ok(heap.int(v)),
                    Some(HKey::Id(_)) => {
                        let addr = heap.get(a).addr;
                        Ok(heap.int((addr.rotate_right(4)) as i64))
                    }
                    Some(_) => Err(Exc::unsupported("hash() of this value (string hashes are randomised)".into())),
                    None => Err(py_err("TypeError", format!("unhashable type: '{}'", repr::type_name(heap, a)))),
                }
            }
            "abs" => {
                let a = self.arg(args, 0, "abs")?;
                match self.num(heap, a) {
                    Some(Num::Int(i)) => Ok(heap.int_val(IntVal::from_big(i.to_big().abs()))),
                    Some(Num::Float(f)) => Ok(heap.new_plain(Kind::Float(f.abs()))),
                    None => Err(py_err("TypeError", "bad operand type for abs()")),
                }
            }
            "chr" => {
                let a = self.arg(args, 0, "chr")?;
                let v = self.small_int(heap, a)?;
                let c = char::from_u32(v as u32).ok_or_else(|| py_err("ValueError", "chr() arg not in range(0x110000)"))?;
                Ok(heap.str(&c.to_string()))
            }
            "ord" => {
                let a = self.arg(args, 0, "ord")?;
                match heap.kind(a) {
                    Kind::Str(s) if s.chars().count() == 1 => {
                        let c = s.chars().next().map_or(0, |c| c as i64);
                        Ok(heap.int(c))
                    }
                    _ => Err(py_err("TypeError", "ord() expected a character")),
                }
            }
            "divmod" => {
                let (a, b2) = (self.arg(args, 0, "divmod")?, self.arg(args, 1, "divmod")?);
                let q = self.binop(heap, ast::Operator::FloorDiv, a, b2)?;
                let m = self.binop(heap, ast::Operator::Mod, a, b2)?;
                Ok(heap.tuple(self, vec![q, m]))
            }
            "round" => {
                let a = self.arg(args, 0, "round")?;
                let nd = args.get(1).map(|&n| self.small_int(heap, n)).transpose()?;
                match (self.num(heap, a), nd) {
                    (Some(Num::Float(f)), None) => {
                        let r = round_half_even(f);
                        Ok(heap.int_val(IntVal::from_big(BigInt::from(r as i64))))
                    }
                    (Some(Num::Float(f)), Some(n)) => {
                        let p = 10f64.powi(n as i32);
                        Ok(heap.new_plain(Kind::Float(round_half_even(f * p) / p)))
                    }
                    (Some(Num::Int(_)), _) => {
                        heap.incref(a);
                        Ok(a)
                    }
                    _ => Err(py_err("TypeError", "round() needs a number")),
                }
            }
            "sum" => {
                let a = self.arg(args, 0, "sum")?;
                let items = self.collect_items(heap, a)?;
                let mut acc = match args.get(1) {
                    Some(&s) => {
                        heap.incref(s);
                        s
                    }
                    None => heap.int(0),
                };
                for i in items {
                    let r = self.binop(heap, ast::Operator::Add, acc, i);
                    self.dec(heap, acc);
                    self.dec(heap, i);
                    acc = r?;
                }
                Ok(acc)
            }
            "min" | "max" => {
                let items = if args.len() == 1 {
                    self.collect_items(heap, args[0])?
                } else {
                    args.iter().map(|&a| {
                        heap.incref(a);
                        a
                    }).collect()
                };
                if items.is_empty() {
                    return Err(py_err("ValueError", format!("{name}() arg is an empty sequence")));
                }
                let mut best = items[0];
                for &i in &items[1..] {
                    let o = self.order(heap, i, best)?;
                    if (name == "min" && o == std::cmp::Ordering::Less) || (name == "max" && o == std::cmp::Ordering::Greater) {
                        best = i;
                    }
                }
                heap.incref(best);
                self.dec_all(heap, items);
                Ok(best)
            }
            "any" | "all" => {
                let a = self.arg(args, 0, name)?;
                let items = self.collect_items(heap, a)?;
                let mut result = name == "all";
                for &i in &items {
                    let t = self.truthy(heap, i)?;
                    if name == "any" && t {
                        result = true;
                        break;
                    }
                    if name == "all" && !t {
                        result = false;
                        break;
                    }
                }
                self.dec_all(heap, items);
                Ok(heap.bool(result))
            }
            "sorted" => {
                let a = self.arg(args, 0, "sorted")?;
                let items = self.collect_items(heap, a)?;
                let list = self.new_list_of(heap, items);
                let reverse = self.kwarg(kw, "reverse");
                self.sort_list(heap, list, reverse)?;
                Ok(list)
            }
            "reversed" => {
                let a = self.arg(args, 0, "reversed")?;
                let mut items = self.collect_items(heap, a)?;
                items.reverse();
                let l = self.new_list_of(heap, items);
                let it = self.get_iter(heap, l);
                self.dec(heap, l);
                it
            }
            "enumerate" | "zip" | "map" => self.eager_iter(heap, name, args),
            "iter" => {
                let a = self.arg(args, 0, "iter")?;
                self.get_iter(heap, a)
            }
            "next" => {
                let a = self.arg(args, 0, "next")?;
                match self.next(heap, a)? {
                    Some(v) => Ok(v),
                    None => match args.get(1) {
                        Some(&d) => {
                            heap.incref(d);
                            Ok(d)
                        }
                        None => Err(py_err("StopIteration", "")),
                    },
                }
            }
            "getattr" | "hasattr" => {
                let (o, n) = (self.arg(args, 0, name)?, self.arg(args, 1, name)?);
                let Kind::Str(attr) = heap.kind(n).clone() else { return Err(py_err("TypeError", "attribute name must be string")) };
                let r = self.getattr(heap, o, &attr);
                match (name, r) {
                    ("getattr", Ok(v)) => Ok(v),
                    ("getattr", Err(e)) => match args.get(2) {
                        Some(&d) => {
                            heap.incref(d);
                            Ok(d)
                        }
                        None => Err(e),
                    },
                    (_, Ok(v)) => {
                        self.dec(heap, v);
                        Ok(heap.bool(true))
                    }
                    (_, Err(e)) if e.is_py() => Ok(heap.bool(false)),
                    (_, Err(e)) => Err(e),
                }
            }
            "setattr" => {
                let (o, n, v) = (self.arg(args, 0, name)?, self.arg(args, 1, name)?, self.arg(args, 2, name)?);
                let Kind::Str(attr) = heap.kind(n).clone() else { return Err(py_err("TypeError", "attribute name must be string")) };
                heap.incref(v);
                self.setattr(heap, o, &attr, v)?;
                Ok(heap.none())
            }
            "delattr" => {
                let (o, n) = (self.arg(args, 0, name)?, self.arg(args, 1, name)?);
                let Kind::Str(attr) = heap.kind(n).clone() else { return Err(py_err("TypeError", "attribute name must be string")) };
                self.delattr(heap, o, &attr)?;
                Ok(heap.none())
            }
            "vars" => {
                let a = self.arg(args, 0, "vars")?;
                self.getattr(heap, a, "__dict__")
            }
            "globals" => {
                heap.incref(self.main_dict);
                Ok(self.main_dict)
            }
            // ----- constructors
            "object" => Ok(heap.new_plain(Kind::Object)),
            "int" => match args.first() {
                None => Ok(heap.int(0)),
                Some(&a) => match heap.kind(a).clone() {
                    Kind::Int(_) => {
                        heap.incref(a);
                        Ok(a)
                    }
                    Kind::Bool(b) => Ok(heap.int(i64::from(b))),
                    Kind::Float(f) => {
                        if !f.is_finite() {
                            return Err(py_err("OverflowError", "cannot convert float infinity to integer"));
                        }
                        let v = num_bigint::BigInt::from(f.trunc() as i128);
                        Ok(heap.int_val(IntVal::from_big(v)))
                    }
                    Kind::Str(s) => {
                        let base = match args.get(1) {
                            Some(&b2) => self.small_int(heap, b2)? as u32,
                            None => 10,
                        };
                        let t = s.trim().replace('_', "");
                        match BigInt::parse_bytes(t.as_bytes(), base) {
                            Some(v) => Ok(heap.int_val(IntVal::from_big(v))),
                            None => Err(py_err("ValueError", format!("invalid literal for int() with base {}: {}", base, repr::str_repr(&s)))),
                        }
                    }
                    _ => Err(py_err("TypeError", format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", repr::type_name(heap, a)))),
                },
            },
            "float" => match args.first() {
                None => Ok(heap.new_plain(Kind::Float(0.0))),
                Some(&a) => match heap.kind(a).clone() {
                    Kind::Float(_) => {
                        heap.incref(a);
                        Ok(a)
                    }
                    Kind::Str(s) => {
                        let t = s.trim().to_ascii_lowercase();
                        let v = match t.as_str() {
                            "inf" | "+inf" | "infinity" => Some(f64::INFINITY),
                            "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
                            "nan" => Some(f64::NAN),
                            _ => t.parse::<f64>().ok(),
                        };
                        match v {
                            Some(v) => Ok(heap.new_plain(Kind::Float(v))),
                            None => Err(py_err("ValueError", format!("could not convert string to float: {}", repr::str_repr(&s)))),
                        }
                    }
                    _ => match self.num(heap, a) {
                        Some(n) => Ok(heap.new_plain(Kind::Float(n.to_f64()))),
                        None => Err(py_err("TypeError", "float() argument must be a string or a real number")),
                    },
                },
            },
            "bool" => match args.first() {
                None => Ok(heap.bool(false)),
                Some(&a) => {
                    let t = self.truthy(heap, a)?;
                    Ok(heap.bool(t))
                }
            },
            "str" => match args.first() {
                None => Ok(heap.str("")),
                Some(&a) => {
                    if matches!(heap.kind(a), Kind::Str(_)) {
                        heap.incref(a);
                        return Ok(a);
                    }
                    let s = self.str_of(heap, a)?;
                    Ok(heap.str(&s))
                }
            },
            "bytes" | "bytearray" => {
                let data: Vec<u8> = match args.first().map(|&a| heap.kind(a).clone()) {
                    None => Vec::new(),
                    Some(Kind::Int(IntVal::Small(n))) if n >= 0 => vec![0; n as usize],
                    Some(Kind::Bytes(b)) => b.to_vec(),
                    Some(Kind::ByteArray(b, _)) => b,
                    Some(Kind::Str(s)) if args.len() > 1 => s.as_bytes().to_vec(),
                    Some(_) => {
                        let items = self.collect_items(heap, args[0])?;
                        let mut out = Vec::new();
                        for &i in &items {
                            out.push(self.small_int(heap, i)? as u8);
                        }
                        self.dec_all(heap, items);
                        out
                    }
                };
                if name == "bytes" {
                    if data.is_empty() {
                        let e = heap.statics.empty_bytes;
                        heap.incref(e);
                        return Ok(e);
                    }
                    Ok(heap.new_plain(Kind::Bytes(Rc::from(data.as_slice()))))
                } else {
                    let buffer = (!data.is_empty()).then(|| heap.alloc.malloc(data.len() as u64 + 1, &mut heap.log));
                    Ok(heap.new_plain(Kind::ByteArray(data, buffer)))
                }
            }
            "list" => {
                let l = heap.list(self, Vec::new(), 0);
                if let Some(&a) = args.first() {
                    if let Err(e) = self.list_extend_impl(heap, l, a, true) {
                        self.dec(heap, l);
                        return Err(e);
                    }
                }
                Ok(l)
            }
            "tuple" => match args.first() {
                None => Ok(heap.tuple(self, Vec::new())),
                Some(&a) => {
                    if matches!(heap.kind(a), Kind::Tuple(_)) {
                        heap.incref(a);
                        return Ok(a);
                    }
                    let items = self.collect_items(heap, a)?;
                    Ok(heap.tuple(self, items))
                }
            },
            "set" | "frozenset" => {
                let s = heap.alloc(self, Kind::Set(Vec::new(), None, name == "frozenset"));
                if let Some(&a) = args.first() {
                    let items = self.collect_items(heap, a)?;
                    for i in items {
                        self.set_add(heap, s, i)?;
                    }
                }
                Ok(s)
            }
            "dict" => {
                let d = heap.dict(self);
                if let Some(&a) = args.first() {
                    self.dict_update(heap, d, a)?;
                }
                for (k, v) in kw {
                    let key = self.name_obj(heap, k);
                    heap.incref(*v);
                    self.dict_store(heap, d, key, *v);
                }
                Ok(d)
            }
            "range" => {
                let mut v = Vec::new();
                for &a in args {
                    v.push(self.small_int(heap, a)?);
                }
                let (a, b2, s) = match v.as_slice() {
                    [stop] => (0, *stop, 1),
                    [start, stop] => (*start, *stop, 1),
                    [start, stop, step] => (*start, *stop, *step),
                    _ => return Err(py_err("TypeError", "range expected 1 to 3 arguments")),
                };
                if s == 0 {
                    return Err(py_err("ValueError", "range() arg 3 must not be zero"));
                }
                Ok(heap.new_plain(Kind::Range(a, b2, s)))
            }
            "weakref.ref" => {
                let target = self.arg(args, 0, "ref")?;
                let callback = args.get(1).copied().filter(|&c| !matches!(heap.kind(c), Kind::None));
                self.new_weakref(heap, target, callback)
            }
            "weakref.finalize" => {
                let (target, func) = (self.arg(args, 0, "finalize")?, self.arg(args, 1, "finalize")?);
                let rest: Vec<ObjId> = args[2..].to_vec();
                for &r in &rest {
                    heap.incref(r);
                }
                let argt = heap.tuple(self, rest);
                heap.incref(func);
                let fin = heap.alloc(self, Kind::Finalizer(func, argt, true));
                heap.incref(fin);
                let wr = self.new_weakref(heap, target, Some(fin));
                self.dec(heap, fin);
                let wr = wr?;
                heap.incref(fin);
                self.finalizer_registry.push((fin, wr));
                self.dec(heap, fin);
                heap.incref(fin);
                Ok(fin)
            }
            // ----- gc
            "gc.collect" => {
                if args.len() + kw.len() > 1 {
                    return Err(py_err(
                        "TypeError",
                        format!(
                            "collect() takes at most 1 argument ({} given)",
                            args.len() + kw.len()
                        ),
                    ));
                }
                let g = match args.first().or(self.kwarg(kw, "generation").as_ref()) {
                    Some(&g) => self.small_int(heap, g)?,
                    None => 2,
                };
                if !(0..=2).contains(&g) {
                    return Err(py_err("ValueError", "invalid generation"));
                }
                let n = heap.collect_explicit(self, g as u8).map_or(0, |r| r.collected + r.uncollectable);
                Ok(heap.int(n as i64))
            }
            "gc.get_count" => {
                let c = heap.gc.counts;
                Ok(self.int_tuple(heap, &c))
            }
            "gc.get_threshold" => {
                let t = heap.gc.thresholds.map(i64::from);
                Ok(self.int_tuple(heap, &t))
            }
            "gc.set_threshold" => {
                for (i, &a) in args.iter().enumerate().take(3) {
                    let v = self.small_int(heap, a)?;
                    heap.gc.thresholds[i] = v.max(0) as u32;
                }
                Ok(heap.none())
            }
            "gc.disable" | "gc.enable" => {
                heap.gc.enabled = name == "gc.enable";
                Ok(heap.none())
            }
            "gc.isenabled" => Ok(heap.bool(heap.gc.enabled)),
            "gc.is_tracked" => {
                let a = self.arg(args, 0, "is_tracked")?;
                let t = heap.get(a).is_tracked();
                Ok(heap.bool(t))
            }
            "gc.is_finalized" => {
                let a = self.arg(args, 0, "is_finalized")?;
                let t = heap.get(a).flags.finalized;
                Ok(heap.bool(t))
            }
            "gc.freeze" => {
                heap.gc_freeze();
                Ok(heap.none())
            }
            "gc.unfreeze" => {
                heap.gc_unfreeze();
                Ok(heap.none())
            }
            "gc.get_freeze_count" => Ok(heap.int(i64::from(heap.gc.len(3)))),
            "gc.get_stats" => {
                let mut dicts = Vec::new();
                for s in heap.gc.stats {
                    let d = heap.dict(self);
                    for (k, v) in [("collections", s.collections), ("collected", s.collected), ("uncollectable", s.uncollectable)] {
                        let key = self.name_obj(heap, k);
                        let val = heap.int(v as i64);
                        self.dict_store(heap, d, key, val);
                    }
                    dicts.push(d);
                }
                Ok(self.new_list_of(heap, dicts))
            }
            "gc.set_debug" => {
                let a = self.arg(args, 0, "set_debug")?;
                heap.gc.debug = self.small_int(heap, a)? as u32;
                Ok(heap.none())
            }
            "gc.get_debug" => Ok(heap.int(i64::from(heap.gc.debug))),
            "gc.get_objects" => {
                let gens: Vec<u8> = match args.first().or(self.kwarg(kw, "generation").as_ref()) {
                    Some(&g) if !matches!(heap.kind(g), Kind::None) => vec![self.small_int(heap, g)? as u8],
                    _ => vec![0, 1, 2],
                };
                let mut objs = Vec::new();
                for g in gens {
                    objs.extend(heap.gcl_objects(g));
                }
                for &o in &objs {
                    heap.incref(o);
                }
                Ok(self.new_list_of(heap, objs))
            }
            "gc.get_referents" => {
                let mut out = Vec::new();
                for &a in args {
                    if heap.get(a).kind.is_gc_type() {
                        out.extend(heap.kind(a).refs());
                    }
                }
                for &o in &out {
                    heap.incref(o);
                }
                Ok(self.new_list_of(heap, out))
            }
            "gc.get_referrers" => {
                let mut out = Vec::new();
                for g in 0..3u8 {
                    for o in heap.gcl_objects(g) {
                        let refs = heap.kind(o).refs();
                        if refs.iter().any(|r| args.contains(r)) {
                            out.push(o);
                        }
                    }
                }
                for &o in &out {
                    heap.incref(o);
                }
                Ok(self.new_list_of(heap, out))
            }
            // ----- sys
            "weakref.getweakrefcount" => {
                let a = self.arg(args, 0, "getweakrefcount")?;
                let n = heap.weakrefs(a).len();
                Ok(heap.int(n as i64))
            }
            "weakref.getweakrefs" => {
                let a = self.arg(args, 0, "getweakrefs")?;
                let refs = heap.weakrefs(a).to_vec();
                for &r in &refs {
                    heap.incref(r);
                }
                let n = refs.len();
                Ok(heap.list(self, refs, n))
            }
            "sys.getrefcount" => {
                let a = self.arg(args, 0, "getrefcount")?;
                let o = heap.get(a);
                let rc = if o.flags.immortal { i64::from(u32::MAX) } else { o.refcnt };
                Ok(heap.int(rc))
            }
            "sys.getsizeof" => {
                let a = self.arg(args, 0, "getsizeof")?;
                let n = heap.getsizeof(a);
                Ok(heap.int(n as i64))
            }
            "sys.intern" => {
                let a = self.arg(args, 0, "intern")?;
                if !matches!(heap.kind(a), Kind::Str(_)) {
                    return Err(py_err("TypeError", "intern() argument must be str"));
                }
                Ok(heap.intern(a))
            }
            "sys._debugmallocstats" => {
                let text = self.debug_malloc_stats(heap);
                self.write_out(heap, &text, true);
                Ok(heap.none())
            }
            "sys.getallocatedblocks" => {
                let usage = heap.alloc.class_usage();
                let n: u64 = usage.iter().map(|u| u.blocks_in_use).sum::<u64>() + heap.alloc.raw_allocated_blocks;
                Ok(heap.int(n as i64))
            }
            // ----- others
            "_testcapi.with_tp_del" => {
                let a = self.arg(args, 0, "with_tp_del")?;
                if let Kind::Class(c) = &mut heap.get_mut(a).kind {
                    c.legacy_tp_del = true;
                }
                heap.incref(a);
                Ok(a)
            }
            "itertools.repeat" => {
                let (a, n) = (self.arg(args, 0, "repeat")?, self.arg(args, 1, "repeat")?);
                let n = self.small_int(heap, n)?.max(0) as usize;
                let items: Vec<ObjId> = (0..n).map(|_| {
                    heap.incref(a);
                    a
                }).collect();
                let l = self.new_list_of(heap, items);
                let it = self.get_iter(heap, l);
                self.dec(heap, l);
                it
            }
            "time.perf_counter" | "time.time" | "time.monotonic" => {
                // The host passes a clock in; without one, time is the step count (reproducible).
                let t = match &mut self.clock {
                    Some(clock) => clock(),
                    None => self.steps as f64 * 1e-6,
                };
                Ok(heap.new_plain(Kind::Float(t)))
            }
            "finalize.__call__" => Ok(heap.none()),
            _ => Err(Exc::unsupported(format!("builtin {name}()"))),
        }
    }

    fn is_instance(&self, heap: &Heap, a: ObjId, ty: ObjId) -> bool {
        match heap.kind(ty) {
            Kind::Class(_) => match heap.kind(a) {
                Kind::Instance(inst) => self.is_subclass(heap, inst.class, ty),
                _ => false,
            },
            Kind::Builtin(b) => {
                let tn = builtins::full_name(*b);
                match heap.kind(a) {
                    Kind::Bool(_) => matches!(tn, "bool" | "int" | "object"),
                    Kind::Instance(_) => tn == "object",
                    k => {
                        tn == "object"
                            || k.type_name() == tn
                            || (tn == "weakref.ref" && matches!(k, Kind::WeakRef(..)))
                    }
                }
            }
            _ => false,
        }
    }

    fn is_subclass(&self, heap: &Heap, c: ObjId, parent: ObjId) -> bool {
        if c == parent {
            return true;
        }
        match heap.kind(c) {
            Kind::Class(cd) => cd.bases.iter().any(|&b| self.is_subclass(heap, b, parent)),
            _ => false,
        }
    }

    fn new_weakref(&mut self, heap: &mut Heap, target: ObjId, callback: Option<ObjId>) -> R<ObjId> {
        let supports = match heap.kind(target) {
            Kind::Instance(inst) => {
                matches!(heap.kind(inst.class), Kind::Class(c) if c.has_weakref)
            }
            Kind::Class(_) | Kind::Function(_) | Kind::Set(..) | Kind::Method(..) => true,
            _ => false,
        };
        if !supports {
            return Err(py_err(
                "TypeError",
                format!(
                    "cannot create weak reference to '{}' object",
                    repr::type_name(heap, target)
                ),
            ));
        }
        if callback.is_none() {
            // The basic ref (no callback) is shared: `weakref.ref(o) is weakref.ref(o)`.
            let existing = heap.weakrefs(target).first().copied();
            if let Some(w) = existing {
                if matches!(heap.kind(w), Kind::WeakRef(_, None, ..)) {
                    heap.incref(w);
                    return Ok(w);
                }
            }
        }
        if let Some(cb) = callback {
            heap.incref(cb);
        }
        let wr = heap.alloc(self, Kind::WeakRef(Some(target), callback, 0));
        // The basic ref goes at the head; one with a callback right after a basic ref at the
        // head, else at the head (`insert_head` / `insert_after` in weakrefobject.c).
        let head_is_basic = heap
            .weakrefs(target)
            .first()
            .is_some_and(|&h| matches!(heap.kind(h), Kind::WeakRef(_, None, ..)));
        let pos = usize::from(callback.is_some() && head_is_basic);
        heap.insert_weakref(target, pos, wr);
        Ok(wr)
    }

    fn eager_iter(&mut self, heap: &mut Heap, name: &str, args: &[ObjId]) -> R<ObjId> {
        let mut out = Vec::new();
        match name {
            "enumerate" => {
                let a = self.arg(args, 0, name)?;
                let items = self.collect_items(heap, a)?;
                for (i, v) in items.into_iter().enumerate() {
                    let iv = heap.int(i as i64);
                    out.push(heap.tuple(self, vec![iv, v]));
                }
            }
            "zip" => {
                let mut cols = Vec::new();
                for &a in args {
                    cols.push(self.collect_items(heap, a)?);
                }
                let n = cols.iter().map(Vec::len).min().unwrap_or(0);
                for i in 0..n {
                    let row: Vec<ObjId> = cols
                        .iter()
                        .map(|c| {
                            heap.incref(c[i]);
                            c[i]
                        })
                        .collect();
                    out.push(heap.tuple(self, row));
                }
                for c in cols {
                    self.dec_all(heap, c);
                }
            }
            _ => {
                let (f, a) = (self.arg(args, 0, name)?, self.arg(args, 1, name)?);
                let it = self.get_iter(heap, a)?;
                loop {
                    match self.next(heap, it) {
                        Ok(Some(v)) => match self.call(heap, f, vec![v]) {
                            Ok(r) => out.push(r),
                            Err(e) => {
                                self.dec(heap, it);
                                self.dec_all(heap, out);
                                return Err(e);
                            }
                        },
                        Ok(None) => break,
                        Err(e) => {
                            self.dec(heap, it);
                            self.dec_all(heap, out);
                            return Err(e);
                        }
                    }
                }
                self.dec(heap, it);
            }
        }
        let l = self.new_list_of(heap, out);
        let it = self.get_iter(heap, l);
        self.dec(heap, l);
        it
    }

    fn dict_update(&mut self, heap: &mut Heap, d: ObjId, src: ObjId) -> R<()> {
        if let Kind::Dict(sd) = heap.kind(src) {
            let pairs: Vec<(ObjId, ObjId)> = sd.iter().collect();
            for (k, v) in pairs {
                heap.incref(k);
                heap.incref(v);
                self.dict_store_checked(heap, d, k, v)?;
            }
            return Ok(());
        }
        let items = self.collect_items(heap, src)?;
        for item in items {
            let kv = self.collect_items(heap, item);
            self.dec(heap, item);
            let kv = kv?;
            if kv.len() != 2 {
                self.dec_all(heap, kv);
                return Err(py_err(
                    "ValueError",
                    "dictionary update sequence element has wrong length",
                ));
            }
            self.dict_store_checked(heap, d, kv[0], kv[1])?;
        }
        Ok(())
    }

    fn sort_list(&mut self, heap: &mut Heap, list: ObjId, reverse: Option<ObjId>) -> R<()> {
        let mut items = match heap.kind(list) {
            Kind::List(v, ..) => v.clone(),
            _ => return Ok(()),
        };
        let mut err = None;
        // Insertion sort with Python comparisons (stable; lists here are small).
        for i in 1..items.len() {
            let mut j = i;
            while j > 0 {
                match self.order(heap, items[j], items[j - 1]) {
                    Ok(std::cmp::Ordering::Less) => {
                        items.swap(j, j - 1);
                        j -= 1;
                    }
                    Ok(_) => break,
                    Err(e) => {
                        err = Some(e);
                        break;
                    }
                }
            }
            if err.is_some() {
                break;
            }
        }
        if let Some(e) = err {
            return Err(e);
        }
        if let Some(r) = reverse {
            if self.truthy(heap, r)? {
                items.reverse();
            }
        }
        if let Kind::List(v, ..) = &mut heap.get_mut(list).kind {
            *v = items;
        }
        Ok(())
    }

    fn debug_malloc_stats(&mut self, heap: &Heap) -> String {
        use std::fmt::Write as _;
        let mut out = heap.alloc.debug_stats_report(heap.config.arena_map);
        out.push('\n');
        let line = |out: &mut String, count: usize, what: &str, size: u64| {
            let left = format!("{count} {what} * {size} bytes each");
            let _ = writeln!(
                out,
                "{left:>48} ={:>21}",
                crate::engine::pymalloc::thousands(count as u64 * size)
            );
        };
        let v = heap.config.version;
        let f = &heap.freelists;
        if v.minor == 8 {
            line(&mut out, 0, "free PyCFunctionObjects", 56);
        }
        line(&mut out, f.dict.len(), "free PyDictObjects", 48);
        if v.at_least(13) {
            line(&mut out, f.dict_keys.len(), "free PyDictKeysObjects", 32);
        }
        line(&mut out, f.float.len(), "free PyFloatObjects", 24);
        if !v.at_least(11) {
            line(
                &mut out,
                f.frame.len(),
                "free PyFrameObjects",
                if v.minor == 10 { 360 } else { 368 },
            );
        }
        line(&mut out, f.list.len(), "free PyListObjects", 40);
        if v.minor == 8 {
            line(&mut out, 0, "free PyMethodObjects", 48);
        }
        for n in 1..=heap.config.tuple_freelist_max_len {
            let count = f.tuple.get(n).map_or(0, Vec::len);
            line(
                &mut out,
                count,
                &format!("free {n}-sized PyTupleObjects"),
                24 + 8 * n as u64,
            );
        }
        out
    }

    pub(super) fn call_builtin_method(
        &mut self,
        heap: &mut Heap,
        b: BuiltinId,
        this: ObjId,
        args: &[ObjId],
        kw: &[(String, ObjId)],
    ) -> R<ObjId> {
        let name = builtins::full_name(b);
        match name {
            "list.append" => {
                let a = self.arg(args, 0, "append")?;
                heap.incref(a);
                heap.list_append(this, a);
                Ok(heap.none())
            }
            "list.extend" => {
                let a = self.arg(args, 0, "extend")?;
                self.list_extend(heap, this, a)?;
                Ok(heap.none())
            }
            "list.insert" => {
                let (i, a) = (self.arg(args, 0, "insert")?, self.arg(args, 1, "insert")?);
                let n = heap.list_len(this) as i64;
                let mut i = self.small_int(heap, i)?;
                if i < 0 {
                    i = (i + n).max(0);
                }
                let i = i.min(n) as usize;
                heap.list_resize(this, n as usize + 1);
                heap.incref(a);
                if let Kind::List(v, ..) = &mut heap.get_mut(this).kind {
                    v.insert(i, a);
                }
                Ok(heap.none())
            }
            "list.pop" => {
                let n = heap.list_len(this);
                if n == 0 {
                    return Err(py_err("IndexError", "pop from empty list"));
                }
                let i = match args.first() {
                    Some(&i) => self
                        .index_of(heap, i, n)?
                        .ok_or_else(|| py_err("IndexError", "pop index out of range"))?,
                    None => n - 1,
                };
                let v = if let Kind::List(v, ..) = &mut heap.get_mut(this).kind {
                    v.remove(i)
                } else {
                    return Ok(heap.none());
                };
                heap.list_resize(this, n - 1);
                Ok(v)
            }
            "list.clear" => {
                let (items, buffer) = match &mut heap.get_mut(this).kind {
                    Kind::List(v, alloc, buf) => {
                        *alloc = 0;
                        (std::mem::take(v), buf.take())
                    }
                    _ => return Ok(heap.none()),
                };
                self.dec_all(heap, items.into_iter().rev());
                if let Some(b2) = buffer {
                    heap.alloc.free(b2, &mut heap.log);
                }
                Ok(heap.none())
            }
            "list.remove" | "list.index" | "list.count" | "tuple.index" | "tuple.count" => {
                let a = self.arg(args, 0, "remove")?;
                let items = match heap.kind(this) {
                    Kind::List(v, ..) | Kind::Tuple(v) => v.clone(),
                    _ => Vec::new(),
                };
                let mut found = None;
                let mut count = 0;
                for (i, &x) in items.iter().enumerate() {
                    if self.eq(heap, x, a)? {
                        count += 1;
                        if found.is_none() {
                            found = Some(i);
                        }
                    }
                }
                match (name, found) {
                    ("list.count" | "tuple.count", _) => Ok(heap.int(count)),
                    ("list.index" | "tuple.index", Some(i)) => Ok(heap.int(i as i64)),
                    ("list.remove", Some(i)) => {
                        let v = if let Kind::List(v, ..) = &mut heap.get_mut(this).kind {
                            v.remove(i)
                        } else {
                            return Ok(heap.none());
                        };
                        let n = heap.list_len(this);
                        heap.list_resize(this, n);
                        self.dec(heap, v);
                        Ok(heap.none())
                    }
                    ("list.remove", None) => {
                        Err(py_err("ValueError", "list.remove(x): x not in list"))
                    }
                    _ => {
                        let r = self.repr_of(heap, a)?;
                        Err(py_err("ValueError", format!("{r} is not in list")))
                    }
                }
            }
            "list.copy" => {
                let items = match heap.kind(this) {
                    Kind::List(v, ..) => v.clone(),
                    _ => Vec::new(),
                };
                for &i in &items {
                    heap.incref(i);
                }
                Ok(self.new_list_of(heap, items))
            }
            "list.reverse" => {
                if let Kind::List(v, ..) = &mut heap.get_mut(this).kind {
                    v.reverse();
                }
                Ok(heap.none())
            }
            "list.sort" => {
                let reverse = self.kwarg(kw, "reverse");
                self.sort_list(heap, this, reverse)?;
                Ok(heap.none())
            }
            "dict.keys" | "dict.values" | "dict.items" => {
                let which = match name {
                    "dict.keys" => 0,
                    "dict.values" => 1,
                    _ => 2,
                };
                heap.incref(this);
                Ok(heap.alloc(self, Kind::DictView(this, which)))
            }
            "dict.get" | "dict.pop" | "dict.setdefault" => {
                let k = self.arg(args, 0, "get")?;
                let Some(hk) = heap.hkey(k) else {
                    return Err(py_err("TypeError", "unhashable type"));
                };
                if name == "dict.pop" {
                    return match heap.dict_del(this, &hk) {
                        Some((key, v)) => {
                            self.dec(heap, key);
                            Ok(v)
                        }
                        None => match args.get(1) {
                            Some(&d) => {
                                heap.incref(d);
                                Ok(d)
                            }
                            None => {
                                let r = self.repr_of(heap, k)?;
                                Err(py_err("KeyError", r))
                            }
                        },
                    };
                }
                match heap.dict_get(this, &hk) {
                    Some(v) => {
                        heap.incref(v);
                        Ok(v)
                    }
                    None => {
                        let d = match args.get(1) {
                            Some(&d) => d,
                            None => heap.statics.none,
                        };
                        heap.incref(d);
                        if name == "dict.setdefault" {
                            heap.incref(k);
                            heap.incref(d);
                            self.dict_store(heap, this, k, d);
                        }
                        Ok(d)
                    }
                }
            }
            "dict.clear" => {
                let entries = heap.dict_clear(this);
                let flat: Vec<ObjId> = entries.into_iter().flat_map(|(k, v)| [k, v]).collect();
                self.dec_all(heap, flat);
                Ok(heap.none())
            }
            "dict.copy" => {
                let d = heap.dict(self);
                self.dict_update(heap, d, this)?;
                Ok(d)
            }
            "dict.update" => {
                if let Some(&a) = args.first() {
                    self.dict_update(heap, this, a)?;
                }
                for (k, v) in kw {
                    let key = self.name_obj(heap, k);
                    heap.incref(*v);
                    self.dict_store(heap, this, key, *v);
                }
                Ok(heap.none())
            }
            "set.add" => {
                let a = self.arg(args, 0, "add")?;
                heap.incref(a);
                self.set_add(heap, this, a)?;
                Ok(heap.none())
            }
            "set.update" => {
                for &a in args {
                    let items = self.collect_items(heap, a)?;
                    for i in items {
                        self.set_add(heap, this, i)?;
                    }
                }
                Ok(heap.none())
            }
            "set.discard" | "set.remove" => {
                let a = self.arg(args, 0, "discard")?;
                let hk = heap.hkey(a);
                let removed = if let Kind::Set(items, ..) = heap.kind(this) {
                    items.iter().position(|&i| heap.hkey(i) == hk)
                } else {
                    None
                };
                match removed {
                    Some(p) => {
                        let v = if let Kind::Set(items, ..) = &mut heap.get_mut(this).kind {
                            items.remove(p)
                        } else {
                            a
                        };
                        self.dec(heap, v);
                        Ok(heap.none())
                    }
                    None if name == "set.discard" => Ok(heap.none()),
                    None => {
                        let r = self.repr_of(heap, a)?;
                        Err(py_err("KeyError", r))
                    }
                }
            }
            "set.pop" => {
                let v = if let Kind::Set(items, ..) = &mut heap.get_mut(this).kind {
                    if items.is_empty() {
                        None
                    } else {
                        Some(items.remove(0))
                    }
                } else {
                    None
                };
                v.ok_or_else(|| py_err("KeyError", "'pop from an empty set'"))
            }
            "set.clear" => {
                let items = if let Kind::Set(items, ..) = &mut heap.get_mut(this).kind {
                    std::mem::take(items)
                } else {
                    Vec::new()
                };
                self.dec_all(heap, items);
                Ok(heap.none())
            }
            "set.copy" => {
                let s = heap.alloc(self, Kind::Set(Vec::new(), None, false));
                let items = self.collect_items(heap, this)?;
                for i in items {
                    self.set_add(heap, s, i)?;
                }
                Ok(s)
            }
            "bytearray.append" => {
                let a = self.arg(args, 0, "append")?;
                let v = self.small_int(heap, a)? as u8;
                if let Kind::ByteArray(data, _) = &mut heap.get_mut(this).kind {
                    data.push(v);
                }
                Ok(heap.none())
            }
            _ if name.starts_with("str.") => self.str_method(heap, name, this, args, kw),
            _ => Err(Exc::unsupported(format!("method {name}()"))),
        }
    }

    fn str_method(
        &mut self,
        heap: &mut Heap,
        name: &str,
        this: ObjId,
        args: &[ObjId],
        kw: &[(String, ObjId)],
    ) -> R<ObjId> {
        let Kind::Str(s) = heap.kind(this).clone() else {
            return Err(py_err("TypeError", "not a str"));
        };
        let arg_str = |heap: &Heap, i: usize| -> Option<Rc<str>> {
            args.get(i).and_then(|&a| match heap.kind(a) {
                Kind::Str(x) => Some(x.clone()),
                _ => None,
            })
        };
        match name {
            "str.join" => {
                let a = self.arg(args, 0, "join")?;
                let items = self.collect_items(heap, a)?;
                let mut parts = Vec::new();
                for &i in &items {
                    match heap.kind(i) {
                        Kind::Str(x) => parts.push(x.to_string()),
                        _ => {
                            let t = repr::type_name(heap, i);
                            self.dec_all(heap, items);
                            return Err(py_err(
                                "TypeError",
                                format!("sequence item 0: expected str instance, {t} found"),
                            ));
                        }
                    }
                }
                self.dec_all(heap, items);
                Ok(heap.str(&parts.join(&s)))
            }
            "str.upper" => Ok(heap.str(&s.to_uppercase())),
            "str.lower" => Ok(heap.str(&s.to_lowercase())),
            "str.strip" => Ok(heap.str(s.trim())),
            "str.replace" => {
                let (a, b2) = (
                    arg_str(heap, 0).unwrap_or_default(),
                    arg_str(heap, 1).unwrap_or_default(),
                );
                Ok(heap.str(&s.replace(&*a, &b2)))
            }
            "str.startswith" => {
                let a = arg_str(heap, 0).unwrap_or_default();
                Ok(heap.bool(s.starts_with(&*a)))
            }
            "str.endswith" => {
                let a = arg_str(heap, 0).unwrap_or_default();
                Ok(heap.bool(s.ends_with(&*a)))
            }
            "str.split" => {
                let parts: Vec<String> = match arg_str(heap, 0) {
                    Some(sep) => s.split(&*sep).map(str::to_string).collect(),
                    None => s.split_whitespace().map(str::to_string).collect(),
                };
                let objs: Vec<ObjId> = parts.iter().map(|p| heap.str(p)).collect();
                Ok(self.new_list_of(heap, objs))
            }
            "str.format" => {
                let out = self.str_format(heap, &s, args, kw)?;
                Ok(heap.str(&out))
            }
            _ => Err(Exc::unsupported(format!("method {name}()"))),
        }
    }

    fn str_format(
        &mut self,
        heap: &mut Heap,
        fmt: &str,
        args: &[ObjId],
        kw: &[(String, ObjId)],
    ) -> R<String> {
        let mut out = String::new();
        let chars: Vec<char> = fmt.chars().collect();
        let mut i = 0;
        let mut auto = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '{' && chars.get(i + 1) == Some(&'{') {
                out.push('{');
                i += 2;
                continue;
            }
            if c == '}' && chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            if c != '{' {
                out.push(c);
                i += 1;
                continue;
            }
            let end = chars[i..]
                .iter()
                .position(|&x| x == '}')
                .map(|p| p + i)
                .ok_or_else(|| py_err("ValueError", "Single '{' encountered in format string"))?;
            let field: String = chars[i + 1..end].iter().collect();
            i = end + 1;
            let (head, spec) = field
                .split_once(':')
                .map_or((field.as_str(), ""), |(a, b)| (a, b));
            let (key, conv) = head.split_once('!').map_or((head, ""), |(a, b)| (a, b));
            let v = if key.is_empty() {
                let v = args.get(auto).copied();
                auto += 1;
                v
            } else if let Ok(n) = key.parse::<usize>() {
                args.get(n).copied()
            } else {
                self.kwarg(kw, key)
            };
            let v = v.ok_or_else(|| {
                py_err(
                    "IndexError",
                    format!(
                        "Replacement index {} out of range for positional args tuple",
                        auto.saturating_sub(1)
                    ),
                )
            })?;
            let text = match conv {
                "r" => {
                    let r = self.repr_of(heap, v);
                    self.format_str(r, spec)?
                }
                "s" => {
                    let r = self.str_of(heap, v);
                    self.format_str(r, spec)?
                }
                _ => self.format_value(heap, v, spec)?,
            };
            out.push_str(&text);
        }
        Ok(out)
    }
}

fn round_half_even(f: f64) -> f64 {
    let r = f.round();
    if (f - f.trunc()).abs() == 0.5 {
        2.0 * (f / 2.0).round()
    } else {
        r
    }
}
