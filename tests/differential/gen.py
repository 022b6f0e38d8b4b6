#!/usr/bin/env python3
"""Random Python programs for differential testing of pymemsim against CPython.

    python3 gen.py --seed N          # one program on stdout

A program is a mix of "feature templates" (allocation of a builtin type, a cycle, a finalizer, a
weak reference, an automatic collection, a generator, a with-statement...), some of them wrapped in
a function, a loop or a try statement, over a few classes defined on demand. Everything it prints is
deterministic under PYTHONHASHSEED=0: sizes, reference counts of objects the program itself made,
`gc.collect()`'s return value, `gc.get_count()`, booleans such as `id(a) == id(b)` -- never an id,
an address or the hash of an object with the default hash.
"""
import argparse
import random
import sys

IND = "    "


class Var:
    """A name bound in the current scope and what the generator knows about its object."""

    def __init__(self, name, kind, fresh=False, cls=None, safe_repr=False):
        self.name = name
        self.kind = kind          # 'int', 'float', 'str', ..., 'inst', 'func', 'gen'
        self.fresh = fresh        # an object only this program refers to: its refcount is ours
        self.cls = cls            # ClassInfo for instances
        self.safe_repr = safe_repr  # repr() is deterministic (no address, no default hash order)


class ClassInfo:
    def __init__(self, name, kind, has_del=False, slots=None, weakrefable=True, init=True):
        self.name = name
        self.kind = kind          # 'plain', 'pass', 'slots', 'cm', 'list', 'dict'
        self.has_del = has_del
        self.slots = slots        # tuple of slot names, or None for a __dict__ class
        self.weakrefable = weakrefable
        self.init = init          # __init__(self, name)

    def can_link(self):
        return self.kind in ("plain", "pass") or (self.slots is not None and "other" in self.slots)


class Scope:
    def __init__(self, module):
        self.module = module
        self.vars = {}


class Gen:
    def __init__(self, seed, profile="full"):
        # profile "exact": the collector stays disabled and gen0 counts are never printed, so that
        # the many small differences in what allocates a GC object do not hide everything else
        self.exact = profile == "exact"
        self.rng = random.Random(seed)
        self.seed = seed
        self.defs = []            # class definitions and helper functions, before the body
        self.body = []
        self.imports = set()
        self.classes = []
        self.n = 0
        self.indent = 0
        self.scopes = [Scope(module=True)]
        self.gc_disabled = False
        self.depth = 0            # nesting of wrappers

    # ---------------------------------------------------------------- helpers
    def r(self):
        return self.rng.random()

    def choice(self, xs):
        return self.rng.choice(xs)

    def randint(self, a, b):
        return self.rng.randint(a, b)

    def fresh(self, prefix):
        self.n += 1
        return f"{prefix}{self.n}"

    def emit(self, line):
        self.body.append(IND * self.indent + line)

    def use(self, *mods):
        self.imports.update(mods)

    @property
    def scope(self):
        return self.scopes[-1]

    def bind(self, var):
        self.scope.vars[var.name] = var
        return var

    def unbind(self, name):
        self.scope.vars.pop(name, None)

    def pick(self, pred):
        vs = [v for v in self.scope.vars.values() if pred(v)]
        return self.choice(vs) if vs else None

    def label(self):
        return self.choice(["a", "b", "c", "x", "y", "node", "obj", "tmp", "first", "last", "k"]) + str(self.randint(0, 9))

    # ---------------------------------------------------------------- classes
    def get_class(self, kind, has_del=None, need_link=False, need_weak=False):
        """An existing class that fits, or a new one defined in `defs`."""
        for c in self.classes:
            if c.kind != kind:
                continue
            if has_del is not None and c.has_del != has_del:
                continue
            if need_link and not c.can_link():
                continue
            if need_weak and not c.weakrefable:
                continue
            if self.r() < 0.75:
                return c
        if has_del is None:
            has_del = self.r() < 0.4
        if kind == "plain":
            c = ClassInfo(self.fresh("Node"), "plain", has_del=has_del)
            lines = [f"class {c.name}:", f"{IND}def __init__(self, name):", f"{IND*2}self.name = name"]
            if self.r() < 0.5:
                lines.append(f"{IND*2}self.other = None")
            if has_del:
                lines += [f"{IND}def __del__(self):", f"{IND*2}print('del', self.name)"]
        elif kind == "pass":
            c = ClassInfo(self.fresh("Empty"), "pass", has_del=False, init=False)
            lines = [f"class {c.name}:", f"{IND}pass"]
        elif kind == "slots":
            slots = ["name", "other"] if (need_link or self.r() < 0.7) else ["name"]
            weak = need_weak or self.r() < 0.5
            if weak:
                slots.append("__weakref__")
            c = ClassInfo(self.fresh("Slot"), "slots", has_del=has_del, slots=tuple(slots), weakrefable=weak)
            lines = [f"class {c.name}:", f"{IND}__slots__ = ({', '.join(repr(s) for s in slots)},)",
                     f"{IND}def __init__(self, name):", f"{IND*2}self.name = name"]
            if "other" in slots and self.r() < 0.6:
                lines.append(f"{IND*2}self.other = None")
            if has_del:
                lines += [f"{IND}def __del__(self):", f"{IND*2}print('del', self.name)"]
        elif kind == "cm":
            c = ClassInfo(self.fresh("Ctx"), "cm", has_del=False)
            c.suppress = self.r() < 0.5
            lines = [f"class {c.name}:", f"{IND}def __init__(self, name):", f"{IND*2}self.name = name",
                     f"{IND}def __enter__(self):", f"{IND*2}print('enter', self.name)",
                     f"{IND*2}return self",
                     f"{IND}def __exit__(self, exc_type, exc, tb):"]
            if self.r() < 0.5:
                lines.append(f"{IND*2}print('exit', self.name, exc_type.__name__ if exc_type else None)")
            else:
                lines.append(f"{IND*2}print('exit', self.name, exc is not None)")
            lines.append(f"{IND*2}return {c.suppress}")
        elif kind in ("list", "dict"):
            c = ClassInfo(self.fresh("My" + kind.capitalize()), kind, has_del=False, init=False)
            lines = [f"class {c.name}({kind}):", f"{IND}pass"]
        else:
            raise ValueError(kind)
        self.classes.append(c)
        self.defs += lines
        return c

    def new_instance(self, kind=None, has_del=None, need_link=False, need_weak=False):
        """(expression, ClassInfo) for a fresh instance."""
        if kind is None:
            kind = self.choice(["plain", "plain", "plain", "slots", "slots", "pass"])
            if need_link and kind == "pass" and self.r() < 0.5:
                kind = "plain"
        if kind == "pass" and has_del:
            kind = "plain"
        c = self.get_class(kind, has_del=has_del, need_link=need_link, need_weak=need_weak)
        expr = f"{c.name}({self.label()!r})" if c.init else f"{c.name}()"
        return expr, c

    # ---------------------------------------------------------------- values
    def value(self, kind):
        """(expression, fresh, safe_repr) for a new object of a builtin type."""
        n = self.randint(0, 12)
        rng = self.rng
        if kind == "int":
            return rng.choice([
                (str(self.randint(0, 256)), False, True),
                (f"{self.randint(1000, 99999)} * {self.randint(3, 999)}", True, True),
                (f"2 ** {self.randint(10, 200)}", True, True),
                (f"int('{self.randint(300, 10**9)}')", True, True),
                (f"-{self.randint(2, 9)} ** {self.randint(20, 90)}", True, True),
                (f"len('{'q' * n}')", False, True),
            ])
        if kind == "float":
            return rng.choice([
                (f"{self.randint(0, 99)}.{self.randint(0, 99)}", False, True),
                (f"float({self.randint(1, 999)}) / {self.randint(2, 9)}", True, True),
                (f"{self.randint(1, 50)} * 0.25", True, True),
                (f"float('{self.randint(1, 99)}.5')", True, True),
            ])
        if kind == "str":
            return rng.choice([
                (repr(self.choice(["hello", "memory", "pool", "arena", "block"])), False, True),
                (f"'ab' * {self.randint(2, 40)}", True, True),
                (f"str({self.randint(10, 10**6)})", True, True),
                (f"'-'.join(['x', 'y', str({n})])", True, True),
                (f"'\\xe9' * {self.randint(2, 20)}", True, True),
                (f"'\\u4e2d' * {self.randint(2, 10)}", True, True),
                (f"'{self.choice(['py', 'gc', 'rc'])}'.upper() * {self.randint(2, 5)}", True, True),
                (f"f'item{{{n}}}-{{{n * 3}}}'", True, True),
            ])
        if kind == "bytes":
            return rng.choice([
                (f"b'ab' * {self.randint(2, 40)}", True, True),
                (f"bytes({self.randint(2, 100)})", True, True),
                (f"bytes([{', '.join(str(self.randint(0, 255)) for _ in range(self.randint(2, 5)))}])", True, True),
                (f"'text{n}'.encode()", True, True),
            ])
        if kind == "tuple":
            return rng.choice([
                (f"({', '.join(str(self.randint(0, 99)) for _ in range(self.randint(2, 5)))})", False, True),
                (f"tuple(range({self.randint(1, 20)}))", True, True),
                (f"tuple([{n}, 'v', {n + 1}])", True, True),
                (f"({n}, [], {{}})", True, True),
                (f"tuple(str(i) for i in range({self.randint(1, 6)}))", True, True),
            ])
        if kind == "list":
            return rng.choice([
                (f"[{', '.join(str(self.randint(0, 99)) for _ in range(self.randint(0, 6)))}]", True, True),
                (f"list(range({self.randint(0, 30)}))", True, True),
                (f"[i * {self.randint(2, 5)} for i in range({self.randint(0, 20)})]", True, True),
                (f"[None] * {self.randint(1, 30)}", True, True),
                (f"[[{n}], [{n + 1}]]", True, True),
                ("[]", True, True),
            ])
        if kind == "dict":
            return rng.choice([
                ("{" + ", ".join(f"'k{i}': {self.randint(0, 99)}" for i in range(self.randint(0, 5))) + "}", True, True),
                (f"{{i: str(i) for i in range({self.randint(0, 20)})}}", True, True),
                (f"dict.fromkeys(range({self.randint(1, 15)}))", True, True),
                (f"dict(a={n}, b=[{n}])", True, True),
                ("{}", True, True),
            ])
        if kind == "set":
            return rng.choice([
                ("{" + ", ".join(str(self.randint(0, 99)) for _ in range(self.randint(1, 5))) + "}", True, True),
                (f"set(range({self.randint(0, 30)}))", True, True),
                ("set()", True, True),
                ("{" + ", ".join(repr(s) for s in self.rng.sample(['red', 'green', 'blue', 'gc', 'arena'], self.randint(1, 4))) + "}", True, True),
            ])
        if kind == "frozenset":
            return rng.choice([
                (f"frozenset(range({self.randint(1, 20)}))", True, True),
                (f"frozenset('{'abcdefgh'[:self.randint(1, 8)]}')", True, True),
                (f"frozenset([{n}, {n + 100}])", True, True),
            ])
        if kind == "bytearray":
            return rng.choice([
                (f"bytearray({self.randint(0, 100)})", True, True),
                (f"bytearray(b'{'z' * n}')", True, True),
                ("bytearray()", True, True),
                (f"bytearray(range({self.randint(1, 50)}))", True, True),
            ])
        raise ValueError(kind)

    BUILTIN_KINDS = ["int", "float", "str", "bytes", "tuple", "list", "dict", "set", "frozenset", "bytearray"]

    def new_var(self, kind=None, prefix=None, need_fresh=False):
        """Bind a new variable to a new object; returns the Var."""
        if kind is None:
            kind = self.choice(self.BUILTIN_KINDS + ["inst", "inst"])
        name = self.fresh(prefix or kind[:3])
        if kind == "inst":
            expr, c = self.new_instance()
            self.emit(f"{name} = {expr}")
            return self.bind(Var(name, "inst", fresh=True, cls=c))
        while True:
            expr, fresh, safe = self.value(kind)
            if fresh or not need_fresh:
                break
        self.emit(f"{name} = {expr}")
        return self.bind(Var(name, kind, fresh=fresh, safe_repr=safe))

    def get_or_new(self, pred, kind=None, need_fresh=False):
        v = self.pick(pred)
        if v is None or self.r() < 0.3:
            v = self.new_var(kind, need_fresh=need_fresh)
        return v

    def describe(self, v):
        """A print() of deterministic facts about v."""
        self.use("sys")
        opts = [f"sys.getsizeof({v.name})"]
        if v.kind not in ("int", "float", "inst", "func", "gen"):
            opts.append(f"len({v.name})")
        if v.fresh:
            opts.append(f"sys.getrefcount({v.name})")
        if v.safe_repr and v.kind not in ("inst", "func", "gen"):
            opts.append(f"{v.name}")
        if v.kind in ("tuple", "list", "dict", "set", "frozenset", "inst"):
            self.use("gc")
            opts.append(f"gc.is_tracked({v.name})")
        opts.append(f"type({v.name}).__name__")
        k = self.randint(1, min(3, len(opts)))
        items = self.rng.sample(opts, k)
        self.emit(f"print({v.name!r}, {', '.join(items)})")

    # ---------------------------------------------------------------- templates
    def t_alloc(self):
        v = self.new_var(self.choice(self.BUILTIN_KINDS))
        self.describe(v)

    def t_alloc_instance(self):
        expr, c = self.new_instance()
        name = self.fresh("o")
        self.emit(f"{name} = {expr}")
        v = self.bind(Var(name, "inst", fresh=True, cls=c))
        self.use("sys")
        opts = [f"sys.getsizeof({name})", f"sys.getrefcount({name})"]
        if c.slots is None:
            opts.append(f"hasattr({name}, '__dict__')")
            opts.append(f"len({name}.__dict__)")
            if self.r() < 0.3:
                opts.append(f"sys.getsizeof({name}.__dict__)")
        else:
            opts.append(f"hasattr({name}, '__dict__')")
        self.use("gc")
        opts.append(f"gc.is_tracked({name})")
        self.emit(f"print({name!r}, {', '.join(self.rng.sample(opts, self.randint(1, 3)))})")
        if self.r() < 0.3 and c.slots is None:
            self.emit(f"{name}.extra = [{self.randint(0, 9)}]")
            self.emit(f"print(sys.getsizeof({name}), len({name}.__dict__))")

    def t_alias_del(self):
        v = self.get_or_new(lambda v: v.fresh and v.kind not in ("func", "gen"),
                            kind=self.choice(["list", "dict", "inst", "str", "float", "tuple", "bytearray"]),
                            need_fresh=True)
        self.use("sys")
        alias = self.fresh("ref")
        how = self.choice(["name", "list", "dict", "tuple", "attr"])
        if how == "name":
            self.emit(f"{alias} = {v.name}")
        elif how == "list":
            self.emit(f"{alias} = [{v.name}, {v.name}]")
        elif how == "dict":
            self.emit(f"{alias} = {{'one': {v.name}, 'two': [{v.name}]}}")
        elif how == "tuple":
            self.emit(f"{alias} = ({v.name}, {self.randint(0, 9)})")
        else:
            expr, c = self.new_instance(kind=self.choice(["plain", "pass"]))
            self.emit(f"{alias} = {expr}")
            self.emit(f"{alias}.held = {v.name}")
        self.emit(f"print('refs', sys.getrefcount({v.name}))")
        self.emit(f"del {alias}")
        self.emit(f"print('refs after del', sys.getrefcount({v.name}))")

    def t_del(self):
        v = self.pick(lambda v: v.kind not in ("func",))
        if v is None:
            v = self.new_var()
        if v.kind == "inst" and v.cls.has_del and self.r() < 0.5:
            self.emit(f"print('deleting {v.name}')")
        if self.r() < 0.3:
            # rebinding drops the old object too
            self.emit(f"{v.name} = None")
        else:
            self.emit(f"del {v.name}")
        self.unbind(v.name)

    def t_finalizer(self):
        expr, c = self.new_instance(has_del=True, kind=self.choice(["plain", "plain", "slots"]))
        name = self.fresh("f")
        self.emit(f"{name} = {expr}")
        mode = self.choice(["del", "rebind", "container", "keep", "func"])
        if mode == "del":
            self.emit(f"print('before del')")
            self.emit(f"del {name}")
            self.emit(f"print('after del')")
        elif mode == "rebind":
            expr2, c2 = self.new_instance(has_del=True, kind="plain")
            self.emit(f"{name} = {expr2}")
            self.emit(f"print('rebound')")
            self.bind(Var(name, "inst", fresh=True, cls=c2))
        elif mode == "container":
            box = self.fresh("box")
            self.emit(f"{box} = [{name}, {self.value('int')[0]}]")
            self.emit(f"del {name}")
            self.emit(f"print('still in box', len({box}))")
            self.emit(f"{box}.clear()" if self.r() < 0.5 else f"del {box}")
            self.emit(f"print('box emptied')")
        elif mode == "func":
            fn = self.fresh("use")
            self.emit(f"def {fn}(obj):")
            self.emit(f"{IND}local = obj")
            self.emit(f"{IND}print('in function', local.name)")
            self.emit(f"{fn}({name})")
            self.emit(f"del {name}")
        else:
            self.bind(Var(name, "inst", fresh=True, cls=c))

    def t_self_ref(self):
        self.use("gc")
        kind = self.choice(["list", "dict", "inst", "inst", "set_tuple"])
        name = self.fresh("me")
        if kind == "list":
            self.emit(f"{name} = {self.value('list')[0]}")
            self.emit(f"{name}.append({name})")
        elif kind == "dict":
            self.emit(f"{name} = {self.value('dict')[0]}")
            self.emit(f"{name}['self'] = {name}")
        elif kind == "set_tuple":
            self.emit(f"{name} = [{self.randint(0, 9)}]")
            self.emit(f"{name}.append(({name}, {self.randint(0, 9)}))")
        else:
            expr, c = self.new_instance(need_link=True)
            self.emit(f"{name} = {expr}")
            attr = "other" if c.slots is not None else self.choice(["other", "me", "loop"])
            self.emit(f"{name}.{attr} = {name}")
        if self.r() < 0.5:
            self.use("sys")
            self.emit(f"print('self refs', sys.getrefcount({name}))")
        self.emit(f"del {name}")
        self.emit(self.collect_stmt("self-cycle"))

    def collect_stmt(self, what):
        self.use("gc")
        g = self.choice(["", "", "", "0", "1", "2", "generation=2"])
        return f"print({what!r}, gc.collect({g}))"

    def t_cycle_ring(self):
        self.use("gc")
        k = self.randint(2, 5)
        names = [self.fresh("n") for _ in range(k)]
        kind = self.choice(["plain", "plain", "slots", "pass"])
        for nm in names:
            expr, c = self.new_instance(kind=kind, need_link=True,
                                        has_del=(self.r() < 0.3) if kind != "pass" else False)
            self.emit(f"{nm} = {expr}")
        for i, nm in enumerate(names):
            attr = "other" if c.slots is not None or c.kind == "plain" else "next"
            self.emit(f"{nm}.{attr} = {names[(i + 1) % k]}")
        if self.r() < 0.5:
            self.emit(f"del {', '.join(names)}")
        else:
            for nm in names:
                self.emit(f"del {nm}")
        if self.r() < 0.3:
            self.emit_count("print('count', gc.get_count())")
        self.emit(self.collect_stmt("ring"))

    def t_cycle_mixed(self):
        self.use("gc")
        a, b = self.fresh("lst"), self.fresh("dct")
        self.emit(f"{a} = {self.value('list')[0]}")
        self.emit(f"{b} = {self.value('dict')[0]}")
        shape = self.choice(["ld", "ldi", "tuple", "nested"])
        if shape == "ld":
            self.emit(f"{a}.append({b})")
            self.emit(f"{b}['back'] = {a}")
        elif shape == "ldi":
            expr, c = self.new_instance(kind=self.choice(["plain", "pass"]))
            o = self.fresh("o")
            self.emit(f"{o} = {expr}")
            self.emit(f"{a}.append({o})")
            self.emit(f"{o}.d = {b}")
            self.emit(f"{b}['l'] = {a}")
            self.emit(f"del {o}")
        elif shape == "tuple":
            self.emit(f"{b}['t'] = ({a}, {self.randint(0, 9)})")
            self.emit(f"{a}.append({b})")
        else:
            self.emit(f"{a}.append([{b}, [{a}]])")
            self.emit(f"{b}[{self.randint(0, 9)}] = {a}")
        self.emit(f"del {a}, {b}")
        if self.r() < 0.3:
            self.emit_count("print(gc.get_count())")
        self.emit(self.collect_stmt("mixed"))

    def t_del_cycle(self):
        self.use("gc")
        c = self.get_class(self.choice(["plain", "plain", "slots"]), has_del=True, need_link=True)
        a, b = self.fresh("p"), self.fresh("q")
        self.emit(f"{a} = {c.name}({a!r})")
        self.emit(f"{b} = {c.name}({b!r})")
        self.emit(f"{a}.other = {b}")
        self.emit(f"{b}.other = {a}")
        self.emit(f"del {a}")
        self.emit(f"print('one name left')")
        self.emit(f"del {b}")
        self.emit(self.collect_stmt("del-cycle"))

    def t_resurrect(self):
        self.use("gc")
        keep = self.fresh("saved")
        cls = self.fresh("Phoenix")
        self.defs += [f"{keep} = []",
                      f"class {cls}:",
                      f"{IND}def __del__(self):",
                      f"{IND*2}print('resurrecting')",
                      f"{IND*2}{keep}.append(self)"]
        o = self.fresh("ph")
        self.emit(f"{o} = {cls}()")
        if self.r() < 0.6:
            self.emit(f"{o}.me = {o}")
        self.emit(f"del {o}")
        self.emit(self.collect_stmt("resurrect"))
        self.emit(f"print('saved', len({keep}))")
        if self.r() < 0.5:
            self.emit(f"{keep}.clear()")
            self.emit(self.collect_stmt("after clear"))

    def t_weakref(self):
        self.use("weakref", "gc")
        expr, c = self.new_instance(need_weak=True,
                                    kind=self.choice(["plain", "plain", "slots", "pass"]))
        if c.slots is not None and not c.weakrefable:
            c = self.get_class("plain")
            expr = f"{c.name}('w')"
        o, r = self.fresh("target"), self.fresh("wr")
        self.emit(f"{o} = {expr}")
        cb = self.choice(["lambda", "def", "none"])
        tag = self.label()
        if cb == "lambda":
            self.emit(f"{r} = weakref.ref({o}, lambda ref: print('callback', {tag!r}))")
        elif cb == "def":
            fn = self.fresh("on_dead")
            self.emit(f"def {fn}(ref):")
            self.emit(f"{IND}print('dead', {tag!r}, ref() is None)")
            self.emit(f"{r} = weakref.ref({o}, {fn})")
        else:
            self.emit(f"{r} = weakref.ref({o})")
        opts = [f"{r}() is {o}", f"weakref.getweakrefcount({o})"]
        self.use("sys")
        opts.append(f"sys.getrefcount({o})")
        self.emit(f"print('alive', {', '.join(self.rng.sample(opts, self.randint(1, 3)))})")
        if self.r() < 0.4 and c.can_link():
            self.emit(f"{o}.other = {o}")
            self.emit(f"del {o}")
            self.emit(f"print('after del', {r}() is None)")
            self.emit(self.collect_stmt("weak cycle"))
        else:
            self.emit(f"del {o}")
        self.emit(f"print('dead', {r}() is None)")

    def t_finalize(self):
        self.use("weakref")
        expr, c = self.new_instance(need_weak=True, kind=self.choice(["plain", "pass", "slots"]))
        if c.slots is not None and not c.weakrefable:
            c = self.get_class("plain")
            expr = f"{c.name}('fz')"
        o, f = self.fresh("res"), self.fresh("fin")
        self.emit(f"{o} = {expr}")
        how = self.choice(["print", "func", "lambda"])
        if how == "print":
            self.emit(f"{f} = weakref.finalize({o}, print, 'finalized', {self.label()!r})")
        elif how == "func":
            fn = self.fresh("cleanup")
            self.emit(f"def {fn}(tag):")
            self.emit(f"{IND}print('cleanup', tag)")
            self.emit(f"{IND}return tag")
            self.emit(f"{f} = weakref.finalize({o}, {fn}, {self.label()!r})")
        else:
            self.emit(f"{f} = weakref.finalize({o}, lambda: print('lambda finalizer'))")
        self.emit(f"print('alive', {f}.alive)")
        act = self.choice(["del", "del", "call", "detach", "keep", "cycle"])
        if act == "del":
            self.emit(f"del {o}")
        elif act == "call":
            self.emit(f"print('called', {f}())")
            self.emit(f"print('again', {f}())")
        elif act == "detach":
            self.emit(f"print('detached', {f}.detach() is not None)")
            self.emit(f"del {o}")
        elif act == "cycle" and c.can_link():
            self.use("gc")
            self.emit(f"{o}.other = {o}")
            self.emit(f"del {o}")
            self.emit(f"print('still', {f}.alive)")
            self.emit(self.collect_stmt("finalize cycle"))
        else:
            self.bind(Var(o, "inst", fresh=True, cls=c))
            return
        self.emit(f"print('alive now', {f}.alive)")

    def t_gc_ops(self):
        self.use("gc")
        for _ in range(self.randint(1, 3)):
            op = self.choice(["collect", "collect", "count", "threshold", "toggle", "isenabled", "gen"])
            if self.exact and op in ("count", "threshold", "toggle"):
                op = "collect"
            if op == "collect":
                self.emit(self.collect_stmt("collect"))
            elif op == "count":
                self.emit("print('count', gc.get_count())")
            elif op == "threshold":
                t = (self.randint(5, 900), self.randint(1, 20), self.randint(1, 20))
                k = self.randint(1, 3)
                self.emit(f"gc.set_threshold({', '.join(map(str, t[:k]))})")
                if self.r() < 0.5:
                    self.emit("print('threshold', gc.get_threshold())")
            elif op == "toggle":
                if self.gc_disabled:
                    self.emit("gc.enable()")
                else:
                    self.emit("gc.disable()")
                self.gc_disabled = not self.gc_disabled
            elif op == "isenabled":
                self.emit("print('enabled', gc.isenabled())")
            else:
                self.emit(f"print('gen', gc.collect({self.randint(0, 2)}))" if self.exact else
                          f"print('gen', gc.collect({self.randint(0, 2)}), gc.get_count())")

    def t_freelist(self):
        kind = self.choice(["float", "tuple", "list", "dict", "inst", "str", "int", "set", "bytes"])
        a, b, ia = self.fresh("a"), self.fresh("b"), self.fresh("addr")
        if kind == "inst":
            e1, _ = self.new_instance()
            e2, _ = self.new_instance()
        elif kind == "float":
            e1, e2 = f"float({self.randint(1, 99)}) * 1.5", f"float({self.randint(1, 99)}) / 3"
        elif kind == "tuple":
            m = self.randint(1, 5)
            m2 = m if self.r() < 0.7 else self.randint(1, 5)
            e1 = f"tuple([{', '.join(str(i) for i in range(m))}])"
            e2 = f"tuple([{', '.join(str(i + 10) for i in range(m2))}])"
        elif kind == "int":
            e1, e2 = f"{self.randint(300, 9999)} * {self.randint(300, 9999)}", f"{self.randint(300, 9999)} * {self.randint(300, 9999)}"
        else:
            e1, e2 = self.value(kind)[0], self.value(kind)[0]
        self.emit(f"{a} = {e1}")
        self.emit(f"{ia} = id({a})")
        if self.r() < 0.3:
            junk = self.fresh("junk")
            self.emit(f"{junk} = {self.value(self.choice(['list', 'dict', 'str', 'float']))[0]}")
        self.emit(f"del {a}")
        self.emit(f"{b} = {e2}")
        self.emit(f"print('reused', id({b}) == {ia})")
        if self.r() < 0.5:
            self.emit(f"del {b}")

    def t_growth(self):
        self.use("sys")
        kind = self.choice(["list", "list", "dict", "set", "bytearray", "str", "listins"])
        c, prev, i = self.fresh("grow"), self.fresh("prev"), self.fresh("i")
        n = self.randint(5, 40)
        init = {"list": "[]", "listins": "[]", "dict": "{}", "set": "set()", "bytearray": "bytearray()",
                "str": "''"}[kind]
        self.emit(f"{c} = {init}")
        self.emit(f"{prev} = sys.getsizeof({c})")
        self.emit(f"print('empty', {prev})")
        self.emit(f"for {i} in range({n}):")
        op = {"list": f"{c}.append({i})", "listins": f"{c}.insert(0, {i})", "dict": f"{c}[{i}] = {i}",
              "set": f"{c}.add({i})", "bytearray": f"{c}.append({i} % 256)",
              "str": f"{c} += 'x'"}[kind]
        self.emit(f"{IND}{op}")
        if self.r() < 0.7:
            self.emit(f"{IND}if sys.getsizeof({c}) != {prev}:")
            self.emit(f"{IND*2}{prev} = sys.getsizeof({c})")
            self.emit(f"{IND*2}print(len({c}), {prev})")
        else:
            self.emit(f"{IND}print(len({c}), sys.getsizeof({c}))" if n < 15 else f"{IND}{prev} = sys.getsizeof({c})")
            self.emit(f"print('final', {prev})")
        self.bind(Var(c, kind if kind != "listins" else "list", fresh=True, safe_repr=(kind != "str")))
        if kind != "str" and self.r() < 0.5:
            self.t_shrink(self.scope.vars[c])

    def t_shrink(self, v=None):
        self.use("sys")
        if v is None:
            v = self.pick(lambda v: v.kind in ("list", "dict", "set", "bytearray") and v.fresh)
            if v is None:
                v = self.new_var(self.choice(["list", "dict", "set", "bytearray"]))
        nm = v.name
        if v.kind in ("list", "bytearray"):
            op = self.choice([f"del {nm}[len({nm}) // 2:]", f"{nm}.clear()", f"{nm} *= 2",
                              f"{nm}.extend(range(7))", f"{nm}[:] = {nm}[:3]",
                              f"if {nm}: {nm}.pop()"] + ([f"{nm} += {nm}"] if v.kind == "list" else []))
        elif v.kind == "dict":
            op = self.choice([f"{nm}.clear()", f"{nm}.update({{'u': 1, 'v': 2}})",
                              f"{nm}.pop('missing', None)", f"{nm}.setdefault('sd', [])",
                              f"for key in list({nm})[:3]: del {nm}[key]"])
        else:
            op = self.choice([f"{nm}.clear()", f"{nm}.update(range(10))", f"{nm}.discard(3)",
                              f"{nm} |= {{100, 101}}"])
        self.emit(op)
        self.emit(f"print({nm!r}, len({nm}), sys.getsizeof({nm}))")

    def t_closure(self):
        mk, fn, cnt = self.fresh("make"), self.fresh("fn"), self.fresh("counter")
        start = self.randint(0, 9)
        style = self.choice(["list", "nonlocal", "selfref", "default"])
        self.emit(f"def {mk}(start):")
        if style == "list":
            self.emit(f"{IND}box = [start]")
            self.emit(f"{IND}def inner():")
            self.emit(f"{IND*2}box[0] += 1")
            self.emit(f"{IND*2}return box[0]")
        elif style == "nonlocal":
            self.emit(f"{IND}total = start")
            self.emit(f"{IND}def inner():")
            self.emit(f"{IND*2}nonlocal total")
            self.emit(f"{IND*2}total += {self.randint(1, 5)}")
            self.emit(f"{IND*2}return total")
        elif style == "selfref":
            self.emit(f"{IND}def inner():")
            self.emit(f"{IND*2}return inner.__name__, start")
        else:
            self.emit(f"{IND}data = list(range(start))")
            self.emit(f"{IND}def inner(n=len(data)):")
            self.emit(f"{IND*2}return n + len(data)")
        self.emit(f"{IND}return inner")
        self.emit(f"{cnt} = {mk}({start})")
        self.emit(f"print({cnt}(), {cnt}())")
        if style == "selfref":
            self.use("gc")
            self.emit(f"del {cnt}")
            self.emit(self.collect_stmt("closure cycle"))
        else:
            if self.r() < 0.5:
                self.use("sys")
                self.emit(f"print('cells', len({cnt}.__closure__), sys.getrefcount({cnt}))")
            if self.r() < 0.5:
                self.emit(f"del {cnt}")
            else:
                self.bind(Var(cnt, "func", fresh=True))

    def t_generator(self):
        g, gen = self.fresh("gen"), self.fresh("g")
        n = self.randint(2, 6)
        fin = self.r() < 0.6
        self.emit(f"def {g}(n):")
        if fin:
            self.emit(f"{IND}try:")
            self.emit(f"{IND*2}for i in range(n):")
            self.emit(f"{IND*3}yield i * i")
            self.emit(f"{IND}finally:")
            self.emit(f"{IND*2}print('finally in', {g!r})")
        else:
            self.emit(f"{IND}buf = [0] * n")
            self.emit(f"{IND}for i in range(n):")
            self.emit(f"{IND*2}buf[i] = i")
            self.emit(f"{IND*2}yield sum(buf)")
        self.emit(f"{gen} = {g}({n})")
        use = self.choice(["next", "list", "close", "sum", "del", "for", "cycle"])
        if use == "next":
            self.emit(f"print(next({gen}), next({gen}))")
            self.emit(f"del {gen}")
        elif use == "list":
            self.emit(f"print(list({gen}))")
        elif use == "close":
            self.emit(f"print(next({gen}))")
            self.emit(f"{gen}.close()")
            self.emit(f"print('closed')")
        elif use == "sum":
            self.emit(f"print(sum({gen}))")
        elif use == "for":
            self.emit(f"for v in {gen}:")
            self.emit(f"{IND}if v > {self.randint(0, 10)}:")
            self.emit(f"{IND*2}break")
            self.emit(f"{IND}print('v', v)")
            self.emit(f"del {gen}")
        elif use == "cycle":
            self.use("gc")
            holder = self.fresh("holder")
            self.emit(f"{holder} = [{gen}]")
            self.emit(f"print(next({gen}))")
            self.emit(f"{holder}.append({holder})")
            self.emit(f"del {gen}, {holder}")
            self.emit(self.collect_stmt("generator cycle"))
        else:
            self.use("sys")
            self.emit(f"print('gen size', sys.getsizeof({gen}) > 0, sys.getrefcount({gen}))")
            self.emit(f"del {gen}")
        if self.r() < 0.3:
            self.emit(f"print(sum(x * 2 for x in range({self.randint(1, 20)})))")

    RAISES = [
        ("1 / 0", "ZeroDivisionError"),
        ("[1, 2][5]", "IndexError"),
        ("{}['nokey']", "KeyError"),
        ("int('abc')", "ValueError"),
        ("raise ValueError('bad value')", "ValueError"),
        ("raise KeyError('k')", "KeyError"),
        ("None.attr", "AttributeError"),
        ("'a' + 1", "TypeError"),
        ("raise RuntimeError('boom')", "RuntimeError"),
    ]

    def raise_stmt(self):
        expr, exc = self.choice(self.RAISES)
        if expr.startswith("raise"):
            return expr, exc
        return f"x_ = {expr}", exc

    def t_try(self):
        stmt, exc = self.raise_stmt()
        style = self.choice(["plain", "func", "holdref", "finally_only", "reraise"])
        if style == "func":
            fn = self.fresh("fail")
            self.emit(f"def {fn}(data):")
            self.emit(f"{IND}local = [data] * 3")
            self.emit(f"{IND}{stmt}")
            stmt = f"{fn}({self.value('list')[0]})"
        if style == "finally_only":
            self.emit("try:")
            self.emit(f"{IND}try:")
            self.emit(f"{IND*2}{stmt}")
            self.emit(f"{IND}finally:")
            self.emit(f"{IND*2}print('inner finally')")
            self.emit(f"except {exc}:")
            self.emit(f"{IND}print('outer caught')")
            return
        self.emit("try:")
        self.emit(f"{IND}{stmt}")
        catch = exc if self.r() < 0.7 else "Exception"
        self.emit(f"except {catch} as err:")
        self.emit(f"{IND}print('caught', type(err).__name__, err)")
        if style == "holdref":
            self.use("sys")
            kept = self.fresh("kept")
            self.emit(f"{IND}{kept} = err")
        elif style == "reraise":
            self.emit(f"{IND}try:")
            self.emit(f"{IND*2}raise LookupError('wrapped') from err")
            self.emit(f"{IND}except LookupError as e2:")
            self.emit(f"{IND*2}print(type(e2.__cause__).__name__, e2.__context__ is err)")
        if self.r() < 0.5:
            self.emit("else:")
            self.emit(f"{IND}print('no error')")
        if self.r() < 0.6:
            self.emit("finally:")
            self.emit(f"{IND}print('finally')")
        if style == "holdref":
            self.emit(f"print('kept', type({kept}).__name__, {kept}.__traceback__ is not None)")
            self.emit(f"del {kept}")
            if self.r() < 0.5:
                self.emit(self.collect_stmt("after exception"))

    def t_with(self):
        c = self.get_class("cm")
        name = self.fresh("cm")
        body_raise = self.r() < 0.4
        wrap = body_raise and not c.suppress
        if wrap:
            self.emit("try:")
            self.indent += 1
        self.emit(f"with {c.name}({self.label()!r}) as {name}:")
        self.emit(f"{IND}print('inside', {name}.name)")
        if self.r() < 0.4:
            v = self.fresh("tmp")
            self.emit(f"{IND}{v} = {self.value(self.choice(['list', 'dict', 'str']))[0]}")
            self.use("sys")
            self.emit(f"{IND}print('tmp', sys.getsizeof({v}))")
        if body_raise:
            stmt, exc = self.raise_stmt()
            self.emit(f"{IND}{stmt}")
            self.emit(f"{IND}print('not reached')")
        if wrap:
            self.indent -= 1
            self.emit(f"except {exc}:")
            self.emit(f"{IND}print('propagated', {exc!r})")
        self.emit(f"print('after with')")
        if self.r() < 0.5:
            self.use("sys")
            self.emit(f"print('cm refs', sys.getrefcount({name}))")
        self.emit(f"del {name}")

    def t_auto_gc(self):
        self.use("gc")
        log, cb, junk, i = self.fresh("log"), self.fresh("on_gc"), self.fresh("junk"), self.fresh("i")
        self.emit(f"{log} = []")
        self.emit(f"def {cb}(phase, info):")
        self.emit(f"{IND}if phase == 'start':")
        self.emit(f"{IND*2}{log}.append(info['generation'])")
        if self.r() < 0.5:
            t = self.randint(20, 300)
            self.emit(f"gc.set_threshold({t}, {self.randint(2, 10)}, {self.randint(2, 10)})")
        if self.gc_disabled and self.r() < 0.8:
            self.emit("gc.enable()")
            self.gc_disabled = False
        self.emit(f"gc.callbacks.append({cb})")
        self.emit(f"{junk} = []")
        n = self.randint(50, 1500)
        self.emit(f"for {i} in range({n}):")
        what = self.choice(["list", "cycle", "dict", "inst", "tuple", "keep"])
        if what == "list":
            self.emit(f"{IND}tmp = [{i}]")
        elif what == "cycle":
            self.emit(f"{IND}tmp = [{i}]")
            self.emit(f"{IND}tmp.append(tmp)")
        elif what == "dict":
            self.emit(f"{IND}tmp = {{'i': {i}, 'l': []}}")
        elif what == "inst":
            expr, c = self.new_instance(kind=self.choice(["plain", "pass", "slots"]), has_del=False)
            self.emit(f"{IND}tmp = {expr}")
        elif what == "tuple":
            self.emit(f"{IND}tmp = ({i}, [])")
        else:
            self.emit(f"{IND}{junk}.append([{i}])")
        self.emit(f"gc.callbacks.remove({cb})")
        self.emit(f"print('collections', len({log}), {log}[:{self.randint(3, 8)}])")
        if self.r() < 0.5:
            self.emit("print('count', gc.get_count())")

    def emit_count(self, line):
        if not self.exact:
            self.emit(line)

    def t_tracked(self):
        self.use("gc")
        kind = self.choice(["tuple", "dict", "list", "inst", "set"])
        nm = self.fresh("tr")
        if kind == "tuple":
            self.emit(f"{nm} = ({self.randint(0, 9)}, 'str', {self.randint(10, 99)}.5)")
            self.emit(f"print('tuple tracked', gc.is_tracked({nm}))")
            self.emit(f"{nm}2 = tuple([{self.randint(0, 9)}, {self.randint(0, 9)}])")
            self.emit(f"print('built tuple tracked', gc.is_tracked({nm}2))")
            self.emit("gc.collect()")
            self.emit(f"print('after collect', gc.is_tracked({nm}2))")
        elif kind == "dict":
            self.emit(f"{nm} = {{'a': {self.randint(0, 9)}}}")
            self.emit(f"print('atomic dict', gc.is_tracked({nm}))")
            self.emit(f"{nm}['b'] = {self.choice(['[]', '()', '{}', 'None', '(1, [])'])}")
            self.emit(f"print('with container', gc.is_tracked({nm}))")
        elif kind == "list":
            self.emit(f"{nm} = []")
            self.emit(f"print('empty list', gc.is_tracked({nm}))")
        elif kind == "set":
            self.emit(f"{nm} = {self.value('set')[0]}")
            self.emit(f"print('set', gc.is_tracked({nm}), gc.is_tracked(frozenset({nm})))")
        else:
            expr, c = self.new_instance()
            self.emit(f"{nm} = {expr}")
            self.emit(f"print('instance', gc.is_tracked({nm}))")
        for atom in self.rng.sample(["0", "'s'", "3.5", "None", "b'x'", "(1, 2)", "[]"], self.randint(0, 2)):
            self.emit(f"print({atom!r}, gc.is_tracked({atom}))")

    def t_referents(self):
        self.use("gc")
        v = self.get_or_new(lambda v: v.kind in ("list", "dict", "tuple", "inst", "set"),
                            kind=self.choice(["list", "dict", "tuple", "inst"]))
        self.emit(f"print('referents', len(gc.get_referents({v.name})))")
        if self.r() < 0.3 and v.fresh:
            self.emit(f"print('referrers', len(gc.get_referrers({v.name})))")

    def t_copy(self):
        self.use("copy", "sys")
        v = self.get_or_new(lambda v: v.kind in ("list", "dict") and v.fresh,
                            kind=self.choice(["list", "dict"]))
        c = self.fresh("cp")
        how = self.choice(["copy.copy", "copy.deepcopy", "method"])
        if how == "method":
            self.emit(f"{c} = {v.name}.copy()")
        else:
            self.emit(f"{c} = {how}({v.name})")
        self.emit(f"print('copy', {c} == {v.name}, {c} is {v.name}, sys.getsizeof({c}) == sys.getsizeof({v.name}))")
        self.bind(Var(c, v.kind, fresh=True, safe_repr=v.safe_repr))

    def t_strings(self):
        self.use("sys")
        s, parts = self.fresh("s"), self.fresh("parts")
        words = self.rng.sample(["alpha", "beta", "gamma", "delta", "pool", "arena", "block", "gc"], self.randint(2, 5))
        self.emit(f"{s} = {self.choice([' ', ',', '-'])!r}.join({words!r})")
        self.emit(f"{parts} = {s}.split({s}[{len(words[0])}])")
        self.emit(f"print({parts}, sys.getsizeof({s}), len({s}))")
        if self.r() < 0.4:
            self.emit(f"print({s}.upper()[:5], {s}.count('a'), sys.getsizeof({s} * 3))")
        if self.r() < 0.3:
            self.emit(f"print('interned', sys.intern({s}) is sys.intern({s} + ''))")
        self.bind(Var(s, "str", fresh=True, safe_repr=True))

    def t_dict_ops(self):
        self.use("sys")
        d = self.fresh("d")
        n = self.randint(0, 12)
        self.emit(f"{d} = {{str(i): i for i in range({n})}}")
        for _ in range(self.randint(1, 3)):
            self.emit(self.choice([f"{d}['new'] = [1, 2]", f"{d}.pop('0', None)", f"{d}.update(x=1, y=2)",
                                   f"print(sorted({d}.items())[:4])", f"print(list({d}.keys())[:5])",
                                   f"{d}.setdefault('z', {{}})['k'] = 1", f"print('size', sys.getsizeof({d}))",
                                   f"print({d}.get('5'), len({d}))"]))
        self.emit(f"print('dict', len({d}), sys.getsizeof({d}))")
        self.bind(Var(d, "dict", fresh=True, safe_repr=True))

    def t_subclass(self):
        self.use("sys", "gc")
        kind = self.choice(["list", "dict"])
        c = self.get_class(kind)
        nm = self.fresh("sub")
        arg = self.choice(["", "[1, 2, 3]" if kind == "list" else "a=1", "range(5)" if kind == "list" else ""])
        self.emit(f"{nm} = {c.name}({arg})")
        self.emit(f"print({nm!r}, sys.getsizeof({nm}), gc.is_tracked({nm}), len({nm}))")
        if self.r() < 0.5:
            self.emit(f"{nm}.attr = {nm}")
            self.emit(f"del {nm}")
            self.emit(self.collect_stmt("subclass cycle"))
        else:
            self.bind(Var(nm, "inst", fresh=True, cls=c))

    def t_local_class(self):
        self.use("gc")
        fn = self.fresh("build")
        self.emit(f"def {fn}():")
        self.emit(f"{IND}class Local:")
        self.emit(f"{IND*2}pass")
        self.emit(f"{IND}return Local()")
        o = self.fresh("lc")
        self.emit(f"{o} = {fn}()")
        self.emit(f"print(type({o}).__name__)")
        self.emit(f"del {o}")
        self.emit(self.collect_stmt("class cycle"))

    def t_saveall(self):
        self.use("gc")
        self.emit("gc.set_debug(gc.DEBUG_SAVEALL)")
        a = self.fresh("sv")
        self.emit(f"{a} = [{self.randint(0, 9)}]")
        self.emit(f"{a}.append({a})")
        self.emit(f"del {a}")
        self.emit(self.collect_stmt("saveall"))
        self.emit("print('garbage', len(gc.garbage))")
        self.emit("gc.set_debug(0)")
        self.emit("gc.garbage.clear()")

    def t_extras(self):
        """Less common objects around memory: weak containers, proxies, freezing, views, iterators."""
        self.use("sys", "gc")
        x = self.fresh("ex")
        n = self.randint(1, 12)
        k = self.choice(["proxy", "wvd", "wkd", "wset", "freeze", "range", "memoryview", "deque",
                         "array", "partial", "views", "iters", "property", "slots_sub", "dataclass",
                         "namedtuple", "sorted", "super"])
        if k == "proxy":
            self.use("weakref")
            expr, c = self.new_instance(kind="plain", need_weak=True)
            self.emit(f"{x} = {expr}")
            self.emit(f"p{x} = weakref.proxy({x})")
            self.emit(f"print('proxy', p{x}.name == {x}.name, weakref.getweakrefcount({x}))")
            self.emit(f"del {x}")
            self.emit("try:")
            self.emit(f"{IND}p{x}.name")
            self.emit("except ReferenceError as e:")
            self.emit(f"{IND}print('ReferenceError', e)")
        elif k in ("wvd", "wkd", "wset"):
            self.use("weakref")
            expr, c = self.new_instance(kind="plain", need_weak=True)
            cls = {"wvd": "WeakValueDictionary", "wkd": "WeakKeyDictionary", "wset": "WeakSet"}[k]
            self.emit(f"{x} = weakref.{cls}()")
            objs = [self.fresh("wo") for _ in range(self.randint(1, 3))]
            for o in objs:
                e, _ = self.new_instance(kind="plain", need_weak=True)
                self.emit(f"{o} = {e}")
                if k == "wvd":
                    self.emit(f"{x}[{o!r}] = {o}")
                elif k == "wkd":
                    self.emit(f"{x}[{o}] = {self.randint(0, 9)}")
                else:
                    self.emit(f"{x}.add({o})")
            self.emit(f"print({cls!r}, len({x}))")
            self.emit(f"del {objs[0]}")
            self.emit(f"print({cls!r}, len({x}))")
        elif k == "freeze":
            self.emit(f"{x} = [[{n}]]")
            self.emit("gc.freeze()")
            self.emit("print('frozen', gc.get_freeze_count() > 0)")
            self.emit("gc.unfreeze()")
            self.emit("print('unfrozen', gc.get_freeze_count())")
        elif k == "range":
            self.emit(f"{x} = range({n}, {n * 10}, {self.randint(1, 4)})")
            self.emit(f"print('range', len({x}), sys.getsizeof({x}), {x}[0], gc.is_tracked({x}))")
        elif k == "memoryview":
            self.emit(f"{x} = bytearray({n * 8})")
            self.emit(f"m{x} = memoryview({x})")
            self.emit(f"print('memoryview', len(m{x}), m{x}.nbytes, sys.getrefcount({x}))")
            self.emit(f"m{x}.release()")
            self.emit(f"print('released', sys.getrefcount({x}))")
        elif k == "deque":
            self.use("collections")
            self.emit(f"{x} = collections.deque(range({n}), maxlen={n + 2})")
            self.emit(f"{x}.extend(range(5))")
            self.emit(f"print('deque', list({x}), len({x}), gc.is_tracked({x}))")
        elif k == "array":
            self.use("array")
            self.emit(f"{x} = array.array('i', range({n}))")
            self.emit(f"{x}.append({n})")
            self.emit(f"print('array', len({x}), {x}.itemsize, sys.getsizeof({x}))")
        elif k == "partial":
            self.use("functools")
            lst = self.fresh("lst")
            self.emit(f"{lst} = [{n}]")
            self.emit(f"{x} = functools.partial(print, 'partial', {lst})")
            self.emit(f"{x}()")
            self.emit(f"print('partial refs', sys.getrefcount({lst}), gc.is_tracked({x}))")
            self.emit(f"del {x}")
            self.emit(f"print('after', sys.getrefcount({lst}))")
        elif k == "views":
            self.emit(f"{x} = {{i: i * i for i in range({n})}}")
            self.emit(f"ks{x}, vs{x} = {x}.keys(), {x}.values()")
            self.emit(f"{x}[{n + 1}] = 0")
            self.emit(f"print('views', len(ks{x}), sum(vs{x}), sys.getrefcount({x}))")
        elif k == "iters":
            self.emit(f"{x} = [{', '.join(str(self.randint(0, 9)) for _ in range(n))}]")
            self.emit(f"it{x} = {self.choice(['iter', 'enumerate', 'reversed'])}({x})")
            self.emit(f"print('iter', next(it{x}), sys.getrefcount({x}), gc.is_tracked(it{x}))")
            self.emit(f"print('zip', list(zip({x}, range(3))), list(map(str, {x}))[:3])")
        elif k == "property":
            cls = self.fresh("Prop")
            self.emit(f"class {cls}:")
            self.emit(f"{IND}def __init__(self):")
            self.emit(f"{IND*2}self._v = [{n}]")
            self.emit(f"{IND}@property")
            self.emit(f"{IND}def v(self):")
            self.emit(f"{IND*2}return self._v")
            self.emit(f"{x} = {cls}()")
            self.emit(f"print('property', {x}.v, sys.getrefcount({x}.v))")
        elif k == "slots_sub":
            base = self.get_class("slots")
            cls = self.fresh("Sub")
            self.emit(f"class {cls}({base.name}):")
            self.emit(f"{IND}__slots__ = ('extra',)")
            self.emit(f"{x} = {cls}('sub')")
            self.emit(f"{x}.extra = [{n}]")
            self.emit(f"print('slots subclass', sys.getsizeof({x}), hasattr({x}, '__dict__'), gc.is_tracked({x}))")
        elif k == "dataclass":
            self.use("dataclasses")
            cls = self.fresh("Point")
            self.emit("@dataclasses.dataclass")
            self.emit(f"class {cls}:")
            self.emit(f"{IND}x: int")
            self.emit(f"{IND}y: list")
            self.emit(f"{x} = {cls}({n}, [{n}])")
            self.emit(f"print({x}, {x} == {cls}({n}, [{n}]), sys.getsizeof({x}))")
        elif k == "namedtuple":
            self.use("collections")
            cls = self.fresh("Pair")
            self.emit(f"{cls} = collections.namedtuple({cls!r}, 'a b')")
            self.emit(f"{x} = {cls}({n}, [{n}])")
            self.emit(f"print({x}, sys.getsizeof({x}), gc.is_tracked({x}))")
        elif k == "sorted":
            self.emit(f"{x} = sorted([{', '.join(str(self.randint(0, 99)) for _ in range(n))}], reverse=True)")
            self.emit(f"print('sorted', {x}[:4], sys.getsizeof({x}), min({x}), max({x}))")
        else:
            base, cls = self.fresh("Base"), self.fresh("Child")
            self.emit(f"class {base}:")
            self.emit(f"{IND}def __init__(self, v):")
            self.emit(f"{IND*2}self.v = v")
            self.emit(f"class {cls}({base}):")
            self.emit(f"{IND}def __init__(self, v):")
            self.emit(f"{IND*2}super().__init__([v])")
            self.emit(f"{x} = {cls}({n})")
            self.emit(f"print('super', {x}.v, isinstance({x}, {base}), sys.getsizeof({x}))")

    # ---------------------------------------------------------------- wrappers
    def w_function(self):
        fn = self.fresh("scope")
        self.emit(f"def {fn}():")
        self.indent += 1
        self.scopes.append(Scope(module=False))
        self.depth += 1
        start = len(self.body)
        for _ in range(self.randint(1, 3)):
            self.template()
        ret = None
        locs = [v for v in self.scope.vars.values() if v.kind != "func"]
        if locs and self.r() < 0.4:
            ret = self.choice(locs)
            self.emit(f"return {ret.name}")
        if len(self.body) == start:
            self.emit("pass")
        self.depth -= 1
        self.scopes.pop()
        self.indent -= 1
        if ret is not None and self.r() < 0.6:
            kept = self.fresh("kept")
            self.emit(f"{kept} = {fn}()")
            self.bind(Var(kept, ret.kind, fresh=ret.fresh, cls=ret.cls, safe_repr=ret.safe_repr))
        else:
            self.emit(f"{fn}()")
        if self.r() < 0.3:
            self.emit(self.collect_stmt("after call"))

    def w_loop(self):
        it = self.fresh("round")
        self.emit(f"for {it} in range({self.randint(2, 3)}):")
        self.indent += 1
        self.scopes.append(Scope(module=False))
        self.depth += 1
        self.emit(f"print('round', {it})")
        self.template()
        self.depth -= 1
        self.scopes.pop()
        self.indent -= 1

    def w_try(self):
        self.emit("try:")
        self.indent += 1
        self.scopes.append(Scope(module=False))
        self.depth += 1
        self.template()
        stmt, exc = self.raise_stmt()
        if self.r() < 0.5:
            self.emit(stmt)
        self.depth -= 1
        self.scopes.pop()
        self.indent -= 1
        self.emit("except Exception as exc:")
        self.emit(f"{IND}print('caught', type(exc).__name__)")
        if self.r() < 0.5:
            self.emit("finally:")
            self.emit(f"{IND}print('cleanup done')")

    # ---------------------------------------------------------------- assembly
    TEMPLATES = [
        ("t_alloc", 10), ("t_alloc_instance", 6), ("t_alias_del", 6), ("t_del", 5), ("t_finalizer", 6),
        ("t_self_ref", 6), ("t_cycle_ring", 6), ("t_cycle_mixed", 5), ("t_del_cycle", 4),
        ("t_resurrect", 2), ("t_weakref", 6), ("t_finalize", 5), ("t_gc_ops", 6), ("t_freelist", 6),
        ("t_growth", 5), ("t_shrink", 3), ("t_closure", 3), ("t_generator", 4), ("t_try", 4),
        ("t_with", 4), ("t_auto_gc", 4), ("t_tracked", 4), ("t_referents", 2), ("t_copy", 2),
        ("t_strings", 2), ("t_dict_ops", 2), ("t_local_class", 1), ("t_saveall", 1), ("t_extras", 6),
        # ("t_subclass", 2): classes derived from list or dict are not supported by pymemsim
    ]
    WRAPPERS = [("w_function", 5), ("w_loop", 2), ("w_try", 2)]

    def template(self):
        if self.depth == 0 and self.r() < 0.18:
            names, weights = zip(*self.WRAPPERS)
        else:
            names, weights = zip(*[(n, w) for n, w in self.TEMPLATES
                                   if not (self.exact and n == "t_auto_gc")])
        getattr(self, self.rng.choices(names, weights)[0])()

    def preamble(self):
        """Every program starts with a collection: CPython's start-up leaves garbage and a gen0 count
        behind that depend on the installation (site, .pth files), and pymemsim starts from the
        state after a collection (see found/startup-*.py for what differs without it)."""
        self.use("gc")
        p = self.r()
        if p < 0.4 or self.exact:
            self.gc_disabled = True
            return ["gc.disable()", "gc.collect()"]
        if p < 0.6:
            return ["gc.collect()", f"gc.set_threshold({self.randint(10, 200)}, {self.randint(2, 10)}, {self.randint(2, 10)})"]
        return ["gc.collect()"]

    def ending(self):
        p = self.r()
        if p < 0.25:
            self.emit(self.collect_stmt("final"))
        elif p < 0.32:
            # an uncaught exception: CPython's traceback on stderr, exit status 1
            fn = self.fresh("crash")
            stmt, _ = self.raise_stmt()
            self.emit(f"def {fn}(depth):")
            self.emit(f"{IND}if depth:")
            self.emit(f"{IND*2}return {fn}(depth - 1)")
            self.emit(f"{IND}{stmt}")
            self.emit(f"{fn}({self.randint(0, 2)})")
        elif p < 0.37 and not self.exact:
            self.emit("print('end', gc.get_count())")
            self.use("gc")
        else:
            self.emit("print('done')")

    def program(self):
        pre = self.preamble()
        target = self.randint(14, 50)
        while len(self.body) + len(self.defs) < target:
            self.template()
        self.ending()
        imports = sorted(self.imports)
        if len(imports) > 1 and self.r() < 0.5:
            head = [f"import {', '.join(imports)}"]
        else:
            head = [f"import {m}" for m in imports]
        return "\n".join(head + self.defs + pre + self.body) + "\n"


PROFILES = ("full", "exact")


def generate(seed, profile="full"):
    """One program for `seed`, 10..60 lines."""
    attempt = 0
    while True:
        src = Gen(seed * 1000 + attempt, profile).program()
        n = src.count("\n")
        if 10 <= n <= 60:
            return src
        attempt += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--profile", choices=PROFILES, default="full",
                    help="exact: the collector stays disabled and gc.get_count() is never printed")
    args = ap.parse_args()
    sys.stdout.write(generate(args.seed, args.profile))


if __name__ == "__main__":
    main()
