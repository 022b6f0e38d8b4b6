//! No input may panic: awkward programs and random token soup all end with output, a Python
//! traceback, a located "not supported" or syntax error, or a limit message.

use proptest::prelude::*;
use pymemsim::engine::config::{EngineConfig, PyVersion};
use pymemsim::python::{run_program, RunError};

fn run(source: &str, minor: u8) -> Result<pymemsim::python::RunOutput, String> {
    let mut config = EngineConfig::for_version(PyVersion { minor });
    config.step_limit = 20_000;
    config.heap_limit_objects = 60_000;
    config.startup_objects = 50;
    let src = source.to_string();
    std::panic::catch_unwind(move || run_program(&src, "fuzz.py", config))
        .map_err(|_| format!("panic on {source:?}"))
}

const AWKWARD: &[&str] = &[
    "",
    "\n\n\n",
    "x",
    "del x",
    "x = 1\ndel x\ndel x",
    "print(1/0)",
    "print(1 // 0, 1 % 0)",
    "print(2 ** -1, (-8) ** 0.5)",
    "print(10 ** 100000)",
    "print(1 << -1)",
    "l = []\nl.pop()",
    "l = [1]\nl[5] = 2",
    "d = {}\nd[[]] = 1",
    "s = {[]}",
    "{}.pop('x')",
    "x = (1,)\nx[0] = 2",
    "a, b = [1, 2, 3]",
    "a, b, c = (1, 2)",
    "for x in 5: pass",
    "len(5)",
    "int('xyz')",
    "float('nope')",
    "'a' + 1",
    "[] + ()",
    "None()",
    "class A: pass\nA.missing",
    "class A: pass\nA(1, 2)",
    "class A:\n    def __init__(self): return 5\nA()",
    "class A:\n    __slots__ = ('a',)\na = A()\na.b = 1",
    "class A:\n    __slots__ = ('a',)\nprint(A().a)",
    "import nothing_here",
    "from gc import nothing",
    "import gc\ngc.collect(7)",
    "import gc\ngc.set_threshold(-1)\nx=[[] for i in range(2000)]",
    "import sys\nsys.getrefcount()",
    "import weakref\nweakref.ref(1)",
    "def f(): return f()\nf()",
    "def f(a): pass\nf()",
    "def f(a): pass\nf(1, 2)",
    "x = [1]\nx.append(x)\nprint(x, str(x), repr(x))",
    "d = {}\nd['d'] = d\nprint(d)",
    "while True: pass",
    "l = []\nwhile True: l.append([1])",
    "print('%d' % 'x')",
    "print('{0} {5}'.format(1))",
    "print(f'{1:qq}')",
    "print(hash([]))",
    "print(chr(-1))",
    "x = 1\nx += 'a'",
    "print(range(0, 10, 0))",
    "print([1,2,3][::0])",
    "try:\n    pass\nexcept:\n    pass",
    "with open('x') as f: pass",
    "async def f(): pass",
    "lambda *a: a",
    "def g():\n    yield 1\nprint(list(g()))",
    "x = [i for i in range(3)]\nprint(i)",
    "print(*[1, 2], sep=None)",
    "global x\nx = 1",
    "class B(int): pass",
    "class C(object):\n    x = 1\n    def f(self): return self.x\nprint(C().f())",
    "import gc\ngc.freeze()\ngc.freeze()\ngc.unfreeze()\nprint(gc.get_freeze_count())",
    "import gc\ngc.set_debug(gc.DEBUG_SAVEALL)\nl=[]\nl.append(l)\ndel l\nprint(gc.collect(), len(gc.garbage))",
    "x = 'é' * 3 + '€' + '😀'\nimport sys\nprint(len(x), sys.getsizeof(x))",
    "print(b'\\x00\\xff' * 2, bytearray(b'ab'))",
    "print(-0.0, float('inf'), float('nan'))",
    "if 1:\n  if 2:\n    if 3:\n      print('deep')",
    "\u{feff}print('bom')",
    "print('unterminated",
    "def (): pass",
    "x = = 1",
    "    indented = 1",
];

#[test]
fn awkward_programs_never_panic() {
    let mut panics = Vec::new();
    for minor in [8u8, 11, 12, 13] {
        for src in AWKWARD {
            match run(src, minor) {
                Ok(out) => {
                    // Errors must be reported on stderr with a reason.
                    if let Some(err) = &out.error {
                        assert!(
                            !out.stderr.is_empty(),
                            "3.{minor} {src:?}: {err:?} with empty stderr"
                        );
                    }
                }
                Err(p) => panics.push(format!("3.{minor}: {p}")),
            }
        }
    }
    assert!(panics.is_empty(), "{}", panics.join("\n"));
}

#[test]
fn errors_are_classified() {
    let out = run("x = (\n", 11).unwrap_or_default();
    assert!(
        matches!(out.error, Some(RunError::Syntax(_))),
        "{:?}",
        out.error
    );
    assert!(
        out.stderr.starts_with("fuzz.py:2:1: syntax error"),
        "{}",
        out.stderr
    );
    let out = run("x = 1\nasync def f():\n    pass\n", 11).unwrap_or_default();
    assert!(
        matches!(out.error, Some(RunError::Unsupported(_)))
            && out
                .stderr
                .starts_with("fuzz.py:2:1: not supported in pymemsim: async functions"),
        "{}",
        out.stderr
    );
    // A method CPython's built-in type has but pymemsim does not implement stops as
    // unsupported (the table is recorded from the real interpreters); a name no version of
    // CPython has stays an AttributeError, and one a version lacks is an AttributeError there.
    for (src, minor, expected) in [
        (
            "b = bytearray(b'ab')\nb.zfill(4)",
            13,
            Ok("bytearray.zfill"),
        ),
        ("[].__reduce_ex__(2)", 13, Ok("list.__reduce_ex__")),
        (
            "[].no_such_method()",
            13,
            Err("'list' object has no attribute 'no_such_method'"),
        ),
        (
            "'abc'.removeprefix('a')",
            8,
            Err("'str' object has no attribute 'removeprefix'"),
        ),
    ] {
        let out = run(src, minor).unwrap_or_default();
        match expected {
            Ok(what) => assert!(
                matches!(out.error, Some(RunError::Unsupported(ref m)) if m.ends_with(what)),
                "{src}: {:?}",
                out.error
            ),
            Err(msg) => assert!(
                matches!(out.error, Some(RunError::Exception(ref e)) if e.ends_with(msg)),
                "{src}: {:?}",
                out.error
            ),
        }
    }
    // A builtin name CPython has in that version but pymemsim does not implement stops as
    // unsupported; an unknown name is CPython's NameError.
    let out = run("d = frozendict(a=1)", 15).unwrap_or_default();
    assert!(
        matches!(out.error, Some(RunError::Unsupported(ref m)) if m.ends_with("the builtin 'frozendict'")),
        "{:?}",
        out.error
    );
    let out = run("d = frozendict(a=1)", 14).unwrap_or_default();
    assert!(
        matches!(out.error, Some(RunError::Exception(ref e)) if e.ends_with("name 'frozendict' is not defined")),
        "{:?}",
        out.error
    );
    // What a library module written in Python does not support is located at the program's
    // line that called it.
    let out = run(
        "from dataclasses import dataclass\n\n@dataclass(slots=True)\nclass P:\n    x: int\n",
        13,
    )
    .unwrap_or_default();
    assert!(
        out.stderr
            .starts_with("fuzz.py:3:1: not supported in pymemsim: dataclass(kw_only"),
        "{}",
        out.stderr
    );
    // Unsupported inside a `__del__` is not an ignorable exception: the run stops, once, and
    // nothing the later finalizers would print appears.
    let src =
        "class D:\n    def __del__(self):\n        print('del')\n        bytearray().zfill(1)\n\
               a = D()\nb = D()\ndel a\ndel b\nprint('after')";
    let out = run(src, 13).unwrap_or_default();
    assert!(
        matches!(out.error, Some(RunError::Unsupported(ref m)) if m.ends_with("bytearray.zfill")),
        "{:?}",
        out.error
    );
    assert_eq!(out.stdout, "del\n");
    assert_eq!(
        out.stderr.matches("not supported").count(),
        1,
        "{}",
        out.stderr
    );
    // Runaway growth inside one statement stops: huge objects with CPython's MemoryError, object
    // counts at the heap limit (checked while iterating, not only at the next statement).
    for src in [
        "s = 'x' * 10**10",
        "b = b'xy' * 10**10",
        "t = (1, 2) * 10**9",
        "s = 'ab'\nfor i in range(40):\n    s = s + s",
        "x = list(range(10**11))",
    ] {
        let out = run(src, 11).unwrap_or_default();
        assert!(
            matches!(out.error, Some(RunError::Exception(ref e)) if e == "MemoryError"),
            "{src}: {:?} {}",
            out.error,
            out.stderr
        );
    }
    for (src, limit) in [
        // Four objects a step: the object limit comes first.
        (
            "x = [[[], [], []] for i in range(10**11)]",
            "object limit reached",
        ),
        // Items a builtin takes from an iterator count as steps.
        ("x = list(map(str, range(10**11)))", "step limit reached"),
        ("x = [i for i in range(10**11)]", "step limit reached"),
    ] {
        let out = run(src, 11).unwrap_or_default();
        assert!(
            matches!(out.error, Some(RunError::Limit(_))) && out.stderr.contains(limit),
            "{src}: {}",
            out.stderr
        );
    }
    let out = run("while True: pass", 11).unwrap_or_default();
    assert!(
        matches!(out.error, Some(RunError::Limit(_))) && out.stderr.contains("step limit"),
        "{}",
        out.stderr
    );
    let out = run("print(1)\n{}['k']\n", 11).unwrap_or_default();
    assert_eq!(out.stdout, "1\n");
    assert!(out.stderr.ends_with("KeyError: 'k'\n"), "{}", out.stderr);
}

fn token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "x",
        "y",
        "l",
        "d",
        "f",
        "A",
        "gc",
        "sys",
        "1",
        "0",
        "2.5",
        "'s'",
        "b'b'",
        "None",
        "True",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ":",
        ",",
        ".",
        "=",
        "+",
        "-",
        "*",
        "/",
        "//",
        "%",
        "**",
        "==",
        "<",
        "is",
        "in",
        "not",
        "and",
        "or",
        "del",
        "print",
        "len",
        "append",
        "collect",
        "getrefcount",
        "lambda",
        "for",
        "in",
        "range",
        "if",
        "else",
        "while",
        "def",
        "class",
        "return",
        "pass",
        "import",
        "\n",
        "\n    ",
        "[]",
        "{}",
        "()",
        "x.append(x)",
        "gc.collect()",
        "l = []",
        "d = {}",
        "def f(a): return a\n",
        "class A: pass\n",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_token_soup_never_panics(tokens in prop::collection::vec(token(), 0..40)) {
        let src = format!("import gc, sys\n{}\n", tokens.join(" "));
        prop_assert!(run(&src, 11).is_ok(), "panic on {:?}", src);
    }
}
