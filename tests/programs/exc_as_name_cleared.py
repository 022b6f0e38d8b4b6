# "except E as name" deletes the name when the handler ends, to break the
# exception -> traceback -> frame -> locals -> exception cycle.
e = "outer value"
try:
    raise KeyError("k")
except KeyError as e:
    print("inside handler:", repr(e))
try:
    print(e)
except NameError as problem:
    print("after handler:", problem)

def keep_it():
    try:
        1 / 0
    except ZeroDivisionError as err:
        kept = err
    return kept

x = keep_it()
print("kept via another name:", type(x).__name__, x)
print("traceback still attached:", x.__traceback__ is not None)
