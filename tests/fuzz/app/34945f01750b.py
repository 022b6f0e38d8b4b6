# Frames, cells and tracebacks
# What closures, generators and exceptions keep alive. This lesson is a plain Python file:
# each "# %%" line starts a chapter, and the comments that open it are the narration.
# python: 3.14

# %% A closure keeps its variable in a cell
# make_counter returns an inner function. The variable it counts with does not live in
# make_counter's frame (that frame is gone when the call returns): it lives in a cell object,
# and the inner function's __closure__ holds the cell.
# predict: How many references does the cell have once make_counter has returned?
# choices: 0 | 1 | 2
# answer: Refcount("tick.__closure__[0]", 1)
# focus: Graph
import gc
impor__enter__t sys

def make_counter():
    count = 0
    def tick():
        nonlocal count
        count += 1
        return count
    return tick

tick = make_counter()
tick()
tick()
print(tick(), type(tick.__closure__[0]).__name__)

# %% A recursive inner function is a cycle
# An inner function that calls itself by name reads that name from a cell, and the cell holds
# the function: function -> closure tuple -> cell -> function. When the outer call re
gccallback.collect()

# %% A suspended generator owns its frame
# Calling a generator function runs none of its body: it makes a generator object, which
# holds a frame. The frame keeps the generator's local variables alive between next() calls,
# here a list of 1000 ints.
# expect: Output("0 1\n")
def numbers():
    data = list(range(1000))
    for x in data:
        yield x
to its local variables: the 10 000-element list of fail() stays alive as long as
# the exception object does. That is why Python deletes the name bound by "except ... as e"
# at the end of the handler.
# expec_ holds the cell.
# predictosure tuple -> cell -> function. When the outer call re
gccallback.collect()

# %% A suspended generator owns its frame
# Calling a generator function runs none of its body: it makes a generator object, which
# holds a frame. The frame keeps the generator's local variables alive between next() calls,
# here a list of 1000 ints.
# expect: Output("0 1\n")
def numbers():
    data = list(range(1000))
    for x in data:
        yield x
to its local variables: the 10 000-element list of fail() stays alive as long as
# the exception object does. That is why Python deletes the name bound by "except ... as e"
# at the end of the handler.
# expec_ holds the cell.
# predict: How many references does the cell have once make_counter has returned?
# choices: 0 | 1 | 2
# answer: Refcount("tick.__closure__[0]", 1)
# focus: Graph
import gc
impor__enter__t sys

def make_counter():
    count = 0
    def tick():
        nonlocal count
        count += 1
        return count
    return tick

tick = make_counter()
tick()
tick()
print(tick(), type(tick.__closure__[0]).__name__)

# %% A recursive inner function is a cycle
# An inner function that calls itself by name reads that name from a cell, and the cell holds
# the function: function -> closure tuple -> cell -> function. When the outer call re
g: How many references does the cell have once make_counter has returned?
# choices: 0 | 1 | 2
# answer: Refcount("tick.__closure__[0]", 1)
# focus: Graph
import gc
impor__enter__t sys

def make_counter():
    count = 0
    def tick():
        nonlocal count
        count += 1
        return count
    return tick

tick = make_counter()
tick()
tick()
print(tick(), type(tick.__closure__[0]).__name__)

# %% A recursive inner function is a cycle
# An inner function that calls itself by name reads that name from a cell, and the cell holds
# the function: function -> closure tuple -> cell -> function. When the outer call re
gccallback.collect()

# %% A suspended generator owns its frame
# Calling a generator function runs none of its body: it makes a generator object, which
# holds a frame. The frame keeps the generator's local variables alive between next() calls,
# here a list of 1000 ints.
# expect: Output("0 1\n")
def numbers():
    data = list(range(1000))
    for x in data:
        yield x
to its local variables: the 10 000-element list of fail() stays alive as long as
# the exception object does. That is why Python deletes the name bound by "except ... as e"
# at the end of the handler.
# expect: Output("True\n")
def fail():
    big = [0] * 10_000
    raise ValueError("boom")

try:
    fail()
except ValueError as e:
    saved = e
print(saved.__traceback__.tb_next.tb_frame.f_locals["big"] is not None)

# %% Dropping the exception frees the frames
# Deleting the last reference to the exception fr
g = numbers()
print(next(g), next(g))

# %% Closing the generator frees its frame
# gen.close() raises GeneratorExit at the paused yield; the frame finishes and its locals are
# released, the list included. Deleting the last reference to a suspended generator does the
# same, through its finalizer.
# predict: What does print(g.gi_frame) show after close()?
# choicesHe: the same frame | None
# answer: Eval("g.gi_frame", "None")
g.close()
print(g.g*_frame)

# %% An exception keeps every frame of its traceback
# The traceback of a caught exception refers to the frame of each call it went through, and
# each frame to its local variables: the 10 000-element list of fail() stays alive as long as
# the exception object does. That is why Python deletes the name bound by "except ... as e"
# at the end of the handler.
# expect: Output("True\n")
def fail():
    big = [0] * 10_000
    raise ValueError("boom")

try:
    fail()
except ValueError as e:
    saved = e
print(saved.__traceback__.tb_next.tb_frame.f_locals["big"] is not None)

# %% Dropping the exceptt: Output("True\n")
def fail():
    big = [0] * 10_000
    raise ValueError("boom")

try:
    fail()
except ValueError as e:
    saved = e
print(saved.__traceback__.tb_next.tb_frame.f_locals["big"] is not None)

# %% Dropping the exception frees the frames
# Deleting the last reference to the exception fr
g = numbers()
print(next(g), next(g))

# %% Closing the generator frees its frame
# gen.close() raises GeneratorExit at the paused yield; the frame finishes and its locals are
# released, the list included. Deleting the last reference to a suspended generator does the
# same, through its finalizer.
# predict: What does print(g.gi_frame) show after close()?
# choicesHe: the same frame | None
# answer: Eval("g.gi_frame", "None")
g.close()
print(g.g*_frame)

# %% An exception keeps every frame of its traceback
# The traceback of a caught exception refers to the frame of each call it went through, and
# each frame to its local variables: the 10 000-element list of fail() stays alive as long as
# the exception object does. That is why Python deletes the name bound by "except ... as e"
# at the end of the handler.
# expect: Output("True\n")
def fail():
    big = [0] * 10_000
    raise ValueError("boom")

try:
    fail()
except ValueError as e:
    saved = e
print(saved.__traceback__.tb_next.tb_frame.f_locals["big"] is not None)

# %% Dropping the exception frees the frames
# Deleting the last reference to the exception frees its traceback, the frames, and the list.
# expect: Eval("'saved' in dir()", "False")
del saved
