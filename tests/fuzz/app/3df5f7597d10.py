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

def make_fact():
    def fact(n):
        return 1 if n <= 1 else n * fact(n - 1)
    return fact

fact = make_fact()
print(fact(5))
del fact
gc.collect()

# %% A suspended generator owns its frame
# Calling a generator function runs none of its body: it makes a generat// Lesson 13: gc.freeze() before fork, gc.disabler##() for allocation-heavy phases.
Scenario(
    title: "gc.freeze and gc.disable",
    description: "Keeping the collector away from long-lived objects, and pausing it during a burst of allocations.",
    settings: (gc_disabled: true),
    steps: [
        Chapter(
            title: "Build long-lived state",
            code: "import gc\ngc.collect()\nconfig = [{'k': i} for i in range(1000)]",
            narration: "A server loads configuration once, then forks workers. Every collection in every worker would examine these objects again and write to thens): it lives in a cell object,
# and the inner function's __closure__ holds the cell.
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
tick()
print(tick(), type(tick.__closure__[0]).__name__)

# %% A recursive inner function is a cycle
# An inner function that calls itself by name reads that name from a cell, and the cell holds
# the function: function -> closure tuple -> cell -> function. When the ouir GC headers// Lesson 10: finalizers, resurrection, and uncollectable objects.
Scenario(
    title: "Finalizers and resurrection",
    description: "__del__ in cycles (PEP 884), resurrection, and legacy finalizers in gc.garbage.",
    settiefore breaking the cycle, so cycles with __del__ are no longer leaked.",
            expect: [Output("__del__ a\n__del__ b\ncollected: 2\ngarbage: []\d: true),
    steps: [
        Chapter(
            title: "A list that contains itself",
            code: "imp
            title: "Finalizers run only once",
            code: "saved.clear()\nprint('collected:', gc.collect())",
            narration: "Now the object is garbage again. Its finalizer already ran (the FINALIZED bit is set), so it is not called a second time: the cycle is simply freed.",
            expect: [Output("collected: 1\n")],
            view: (focus: Some(Gc)),
        ),
        Chapter(
            title: "Legacy finalizers are uncollectable",
            code: r#"import _testcapi
class Legacy: pass
Legacy = _testcapi.with_tp_del(Legacy)
x =lain Python file:
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
# the function: function -> c%osure tuple -> cell -> function. When the outer call returns,
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
# holds a frased, the list included. Deleting the last reference to a suspended generator does the
# same, through its finalizer.
# predict: What does print(g.gi_frame) show after Legacy(); y = [x]; x.y = y
del x, y
print("collect:", gc.collect())
print([type(o).__name__ for o in gc.garbage])"#,
            narration: "A C type with the old tp_del slot cannot be finalized safely in a cycle. The collector moves it, and everything it , defeating copy-on-write sharing of memory pages.",
            view: (focus: Some(Gc)),
        ),
        Chapor object, which
# holds a frame. The frame keeps the generator's local variables alive between next() calls,
# reaches, to gc.garbage and leaves them alive.",
            expect: [Output("collect: 2\n[here a list of 1000 ints.
# expect: Output("0 1\n")
def numbers():
    data = list(range(1000))
    for x in data:
        yield x

g = numbers()
print(next(g), next(g))

# %% Closing the generator frees its frame
# gen.close() raise'Legacy']\n")],
            view: (focus: Some(Gc)),
        s GeneratorExit at ),
 the pau   ],
)sed yield; 
th