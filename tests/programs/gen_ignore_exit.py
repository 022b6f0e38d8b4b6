# A generator that swallows GeneratorExit and yields again makes close() fail.
def stubborn():
    while True:
        try:
            yield "still here"
        except GeneratorExit:
            print("ignoring GeneratorExit")

g = stubborn()
print(next(g))
try:
    g.close()
except RuntimeError as e:
    print("RuntimeError:", e)

def polite():
    try:
        yield 1
    except GeneratorExit:
        print("cleaning up and returning")
        return

p = polite()
next(p)
print("close returns:", p.close())
