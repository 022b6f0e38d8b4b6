# A comprehension runs as a function named after its kind (3.8-3.11; 3.12+ inlines them), and a
# generator expression's function outlives the call only from 3.11 on, when the generator's frame
# keeps it.
import gc

NAMES = ("<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>")


def running():
    found = []
    for o in gc.get_objects():
        if isinstance(o, type(running)) and o.__name__ in NAMES:
            found.append(o.__name__)
    print(sorted(found))
    return 1


s = {running() for x in range(1)}
d = {x: running() for x in range(1)}
l = [running() for x in range(1)]
g = list(running() for x in range(1))
