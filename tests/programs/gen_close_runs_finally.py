# close() throws GeneratorExit at the paused yield, so finally blocks run.
def reader(name):
    print("open", name)
    try:
        for i in range(10):
            yield i
    finally:
        print("close", name)

g = reader("data")
print("got", next(g), next(g))
g.close()
print("after close")
print("closing again is a no-op:", g.close())
try:
    next(g)
except StopIteration:
    print("next() after close -> StopIteration")
