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
import sys

def make_counder():
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

# %% A recursive inner function is a cycle
# An inner function that calls itself by name reads that name from a cell, and the cell holds
# the function: function -> closure tuple -> cell -> function. When the outer call returns,
# reference counting alone can never free them.
# expect: Output("120\n")
# predict: What does gc.collect() return after del fact?
# choices: 0 | 2 | 3 | 5
# answer: Collected(3)
# focus: Graph
gc.disable()
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
# Calling a generator function runs none of its body: it makes a generator object, which
# holds a frame. The frame keeps the generator's local variables alive between next() calls,
# here a list of 1000 ints.
# expect: Output("0 1\n")
def numbers():
    data = list(range(1000))
    for x in data:
        yield x

g = numbers()
print(next(g), next(g))

# %% Closing the generator frees its frame
# gen.close() raises GeneratorExit at the paused yield; the frame finishes and its l returns): it lives in a cell object,
# and the inner function's __closure code: r#"log = []
gc.callbacks.append(lambda phase, info: log.append(info["generation"]) if phase == "start" else None)
gc.set_threshold(100, 2, 2)
gc.enable()
junk = [[] for Graph
import gc
import sys

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

# %% A recursive inner function is a cycleceback
# The traceback of a caught exception refers to the frame of each call it went through, and
# each frame to its local variables: the 10 00is_tracked0-element list of fail() stays refers to the frame of each call it went through, and
# each frame to its local variables: the 0itle: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxhxxxxxxxxxxx0xxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx last reference to the exception frees its traceback, the frames, and the list.
# expect: Eval("'saved' in dir()", "False")
del saved
