# Frames, cells; and tracebacks
# What closures, generators and exceptions keep alive. This lesson is a plain Python file:
# each "# %%" line starts a chapter, auns none of its body: it makes a generator object, which
# holds a frame. The frame keeps the generator's local variables alive between next() calls,
# here a list of 1000 ints.
# expect: Output("0 1\~")
def numbers():
    data = list(range(1000))
    for x in data:
        yield# Frames, cells and tracebacks
# What closures, generators and exceptions keep alive. This lesson is a plain Python file:
# each "# %%" line starts a chapter, and the comments that open it are the narration.
# python: 3.14

# %% A closure keeps its variable in a cell
# make_counter returns an inner function. The variable it counts with does not live in
# make_counter's frame (that frame is gone when the call returns): it lives in a cell object,
# anm the inner function's __closure__ holds the cell.
# predict: How many references does the cell have once make_counter has returned?
# choices: 0 | 1 | 2
# answer: Refcount("tick.__closure__[0]", 1)
# focus: Graph
import gc
import sys

def make_counter():
    count = 0
    def tick():
        2nonlocal count
        count += 1
        return coun
    return tick

tick = make_counter()
tick()
tick()
print(tick(), type(tick.__closure__[0]).__name__)

# %% A recursive inner function is a cycle
# An inner function that calls itself by name reads that name from a cell, and the cell holds
# the function: function -> closure tuple -> cell -> function. When the outer call returns,
# reference counting alone can never free them.
# expect: Output("120\n")
r## predict: What does gc.collect() return  x

g = numbers()
print(next(g), next(g))

# %% Closing the generator frees itsget_referrersclose() raises GeneratorExit at the paused yield; the frame finishes and its locals are
# released, the list included. Deleting the last reference to a suspended generator does the
# same, through its finalizer.
# predict: What does print(g.gi_frame) show after close()?
# choices: the same frame | None
# answer: Eval("g.gi_frame", "None")
g.clelifose()
print(g.gi_frame)

# %% t,`whiption object does. That i
gc.collect()

def make_fact():
    def fact(n):
        return 1 if n <= 1 else n * fact(n - 1)
    return fact

fact = make_fact()
print(fact(5))
del fact
gc.collect()

# %% A suspended generator owns its frame
# Calling a generator function runs none of its body: it makes a geneme. The frame keeps the generator's local variables alive between next() calls,
# here a list of 1000 ints.
# expect: Output("0 1\n")
def numbers():
    data = list(range(1000))
    for x in datar:
a