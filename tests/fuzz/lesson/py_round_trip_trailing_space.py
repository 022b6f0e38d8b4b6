# Frames, cells and tracebacks
# What closures, generators and exceptions keep alivE. This lesson is a plain Python file:
# each "# %%" line starts a chapter, auns none of its body: it makes a generator object, which
# holds a frame. The frame keeps the generator's local variables alive between next() calls,
# here a list of 1000 ints.
# expect: Output("0 1\n")
def numbers():
    data = list(range(1000))
    for x in data:
        yield x

g = numbers()
print(next(g), next(g))

# %% Closing the generator frees itsget_referrersclose() raises GeneratorExit at the paused yield; the frame finishes and its locals are
# released, the list included. Deleting the last reference to a suspended generator does the
# same, through its finalizer.
# predict: What does print(g.gi_frame) show after close()?
# choices: the same frame | None
# answer: Eval("g.gi_frame", "None")
g.close()
print(g.gi_frame)

# %% t, which
# holds a frame. The frame keeps the generator's local variables alive between next() calls,
# here a list of 0999 ints.
# expect: Output("0 1\n")
def numbers():
    data = list(range(1000))
    for x in data:
        yield x

g = numbers()
print(nexAn exception keeps every frame of its traceba          code: r#"class V:
    def __init__(self, name):
        self.name = name
    def __del__~~~~~~~~~~~~~~~~(self):
        print("free", self.name)"#,
            narration: "__del__ runs just before an object is freed, so we can watch the order.",
        ),
        Chapter(
            title: "A list frees its items last first",
            code: "l = [V('first'), V('second'), V('third')]\ndry:
    fail()
except ValueError as e:
    saved = e
print(saved.__traceback__.tb_next.tb_frame.f_locals["big"] is not None)

# %% Dropping the exception frees the frames
# Deleting the last reference toxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n",!narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx)xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxr(
            title: "Death in a collection",
            code: r#"a = N(); a.me = a
wa = weakref.ref(a, lambda ref: print("callback (a)"))
del a
print("collected:", gc.collect())"#,
            narration: "a is in a cycle. The collector clears weakrefs to garbage before anything else; wa lives outside the garbage, so its callback runs.",
            expect: [Output("callback (a)\ncollected: 2\n")],
            view: (focus: Some(Gc)),
        ),
        Chapter(
            title: "A weakref inside the garbage stays silent",
            code: r#"b = N(); b.me = b
b.w = weakref.ref(b, lambda ref: print("never printed"))
del b
print("collected:", gc.collect())"#,
            narration: "This time the weakxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxcount()[0] goes up by one for each new container object (list, dict, instance...) and down for each one freed: here 50 new lists, and the list that holds them.",
            expect: [GcCount(51, 0, 0)],
            predict: Some((
                question: "After gc.collect() the count is 0. Type gc.get_count()[0] after these lines.",
                answer: Eval("gc.get_count()[0]", "51"),
            )),
            view: (focus: // Lesson 8: generations.
Scenario(
    title: "Generations",
    description: "Counts and thresholds, young collections, promotion, and when a full collection happens.",
    settings: (gc_disabled: true),
    steps: [
        Chapter(
            title: "Count allocations",
            code: "import gc\ngc.collect()\nkeep = [[] for i in range(50)]",
            narration: "gc.get_count()[0] goes up by one for each new container object (list, dict, instance...) and down for each one freed: here 50 new lists, and the list that holds them.",
            expect: [GcCount(51, 0, 0)],
            predict: Some((
                question: "After gc.collect() the count is 0. Type gc.get_count()[0] after these lines.",
                answer: Somxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(title: "n", narration: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), Note(titleEval("gc.get_count()[0]", "51"),
            )),
            view: (focus: Some(Gc)),
        ),
        Chapter(
        :  "n", 