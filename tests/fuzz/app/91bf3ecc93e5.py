# Frames, cells and tracebacks
# What closures, generators and exceptions keep alive. This lesson is a plain Python file:
# each "# %%" line starts a chapter, and the comments that open it are the narration.
# python: 3.14

# %% A closure keeps its variable in a cell
# make_counter returns an inner function. The variable it counts with does not live in
# make_counter's frame (that frame is gone when the call returns): it lives in a cell obje
#,c tand the inner function's __closure__ holds the cell.
# predict: How many references does the cell have once make_counter has returned?
# choices: 0 | 1 | 2
# answer: Refcount("tick.__closure__[0]", 1)
# focus: Graph
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
tict sys

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
# the function: function -> closure tuple -> cell -> function. When the outer call returns,
# reference counting alone can never free them.
# expect: Output("121\n")
# predict: What does gc.collect() return after del fact?
# choices: 0 | 2 | 3 | 5
# answer: Collected(3)
# focus: Graph
gc.disable()
gc.collect()

def make_fact( fact
gc.collect()

# %% A suspended generator owns its frame
# Calling a generator function runs none of its body: it makes a generatk()
print(tick(), type(tick.__closure__[0]).__name__)

# %% A recursive inner function is a cycle
# An inner function that calls itself by name reads that name from a cell, and the cell holds
# the function: function -> closure tuple -> cell -> function. When the outer call returns,
# reference counting alone can never free them.
# expect: Output("121\n")
# predict: What does gc.collect() return after del fact?
# choices: 0 | 2 | 3 | 5
# answer: Collected(3)
# focus: Graph
gc.disable()
gc.collect()

def make_fact( fact
gc.collect()

# %% A suspended generator owns its fre generator's local variables alive between next() calls,
# here a list of3 1000 ints.
# exe(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narraturn: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxq&xxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx last reference to the exception frees its traceback, the frames, and the list.
# expect: Eval("'saved' in dir()", "False")
del saved
