# random's Gaussian and exponential draws after a seed: Box-Muller pairs (gauss keeps the second
# value for the next call), Kinderman-Monahan, and the inverse transform.
import random
random.seed(1)
print([round(random.gauss(0, 1), 12) for _ in range(5)])
random.seed(2)
print(round(random.gauss(10, 2), 12), round(random.random(), 12), round(random.gauss(10, 2), 12))
print([round(random.normalvariate(5, 0.5), 12) for _ in range(3)], round(random.expovariate(2.0), 12))
r = random.Random(99)
print(round(r.gauss(1, 1), 12), round(r.gauss(1, 1), 12))
r.seed(99)
print(round(r.gauss(1, 1), 12))
try:
    random.gauss()
    print("defaults ok")
except TypeError as e:
    print("TypeError", e)
