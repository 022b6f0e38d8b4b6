# Small integers are preallocated and shared (classically -5..256); larger computed ints
# are new objects each time. The probe at the end finds the cached range.
def same(a, b):
    return a is b

for text in ("-6", "-5", "0", "100", "256", "257", "1000"):
    x = int(text)
    y = int(text)
    print(f"{text:>5}: int(s) is int(s) -> {same(x, y)}")

a = 250
results = []
for step in range(10):
    n = a + step
    m = int(str(n))
    results.append((n, n is m))
print([n for n, shared in results if not shared])
print("sum of two smalls:", (200 + int("56")) is 256)

largest = None
for n in range(-20, 5000):
    if int(str(n)) is int(str(n)):
        largest = n
smallest = min(n for n in range(-20, 20) if int(str(n)) is int(str(n)))
print("cached range found by probing:", smallest, "..", largest)
