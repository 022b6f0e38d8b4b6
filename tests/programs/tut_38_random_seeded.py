# The random module, made deterministic with random.seed
import random
random.seed(42)
print(random.randint(1, 100), random.randint(1, 100), random.randint(1, 100))
print(random.choice(['apple', 'pear', 'banana']))
deck = list(range(1, 11))
random.shuffle(deck)
print(deck)
print(round(random.random(), 6))
print(random.sample(range(100), 5))
print(random.randrange(0, 50, 5), round(random.uniform(1, 2), 6))
random.seed(2024)
rolls = [random.randint(1, 6) for _ in range(20)]
print(rolls, sum(rolls))
counts = {face: rolls.count(face) for face in range(1, 7)}
print(counts)
random.seed('words')
print(random.choices('abc', k=8), random.choices([1, 2, 3], weights=[10, 1, 1], k=6))
random.seed(7)
a = [random.random() for _ in range(3)]
random.seed(7)
b = [random.random() for _ in range(3)]
print(a == b, [round(v, 4) for v in a])
r = random.Random(99)
print(r.randint(0, 9), r.getrandbits(16))
