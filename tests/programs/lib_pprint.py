# pprint: wrapping nested dicts, lists, tuples and sets at a width, indent, depth, sort_dicts.
import pprint
data = [list(range(10)), {'alpha': 1, 'beta': {'gamma': [1, 2, 3] * 5, 'delta': 'x' * 30}},
        ('tuple', 'of', 'strings', 'that', 'is', 'fairly', 'long', 'indeed')]
pprint.pprint(data)
pprint.pprint(data, width=40, depth=2)
print(pprint.pformat({'b': 2, 'a': 1, 'c': [3, 4]}))
pprint.pprint({'z': 1, 'y': 2, 'x': 3}, sort_dicts=False)
pprint.pprint({i: [j for j in range(i)] for i in range(12)})
pprint.pprint(({1, 2, 3, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200},), width=30)
pprint.pprint([1, 2, (3,)], indent=4, width=5)
pprint.pprint({'k': None, 'f': 1.5, 'b': True, 'n': -3, 'long': list(range(30))}, width=60)
