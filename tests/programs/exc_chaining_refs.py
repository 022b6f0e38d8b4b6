# Implicit and explicit chaining: __context__, __cause__, __suppress_context__.
# The chain keeps every earlier exception (and its traceback) alive.
import weakref

class Err(Exception):
    pass

def implicit():
    try:
        raise Err("low")
    except Err:
        raise RuntimeError("high")

def explicit():
    try:
        raise Err("low")
    except Err as e:
        raise RuntimeError("high") from e

def hidden():
    try:
        raise Err("low")
    except Err:
        raise RuntimeError("high") from None

for fn in (implicit, explicit, hidden):
    try:
        fn()
    except RuntimeError as exc:
        ctx = exc.__context__
        print(fn.__name__, "context:", repr(ctx), "cause:", repr(exc.__cause__),
              "suppress:", exc.__suppress_context__)
        w = weakref.ref(ctx)
        low_tb = ctx.__traceback__ is not None
        del ctx
    print("  inner had a traceback:", low_tb, "| inner freed after handler:", w() is None)
