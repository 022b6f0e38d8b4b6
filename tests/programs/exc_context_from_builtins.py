# An exception raised by a failing operation inside an except block (not by a raise
# statement) is chained to the one being handled, as CPython chains every raise.
def f():
    try:
        1/0
    except ZeroDivisionError:
        return int("x")
try:
    f()
except ValueError as e:
    print(repr(e), repr(e.__context__), e.__suppress_context__)
try:
    try:
        raise KeyError("a")
    except KeyError:
        [].pop()
except IndexError as e:
    print(repr(e.__context__))
try:
    try:
        {}["k"]
    except KeyError:
        pass
    {}["j"]
except KeyError as e:
    print(repr(e.__context__))
