import itertools as it
import operator
print(list(it.islice(it.count(10, 5), 4)), list(it.islice('abcdefg', 2, None, 2)))
print(list(it.chain('ab', [1, 2])), list(it.chain.from_iterable([[1], [2, 3]])))
for k, g in it.groupby('aaabbcaa'):
    print(k, list(g))
data = sorted(['apple', 'avocado', 'banana', 'blueberry', 'cherry'], key=lambda w: w[0])
print({k: list(g) for k, g in it.groupby(data, key=lambda w: w[0])})
print(list(it.permutations('abc', 2)))
print(list(it.combinations(range(4), 3)), list(it.combinations_with_replacement('ab', 2)))
print(list(it.product('ab', [0, 1])), len(list(it.product(range(3), repeat=3))))
print(list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([3, 1, 4, 1, 5], max)), list(it.accumulate([1, 2, 3], operator.mul, initial=10)))
print(list(it.zip_longest('abc', [1], fillvalue='-')))
print(list(it.islice(it.cycle('xy'), 5)), list(it.repeat(7, 3)))
print(list(it.takewhile(lambda x: x < 3, [1, 2, 3, 1])), list(it.dropwhile(lambda x: x < 3, [1, 2, 3, 1])))
print(list(it.starmap(pow, [(2, 3), (3, 2)])), list(it.compress('abcdef', [1, 0, 1, 0, 1, 1])))
a, b = it.tee([1, 2, 3])
print(list(a), list(b), list(it.filterfalse(lambda x: x % 2, range(6))))
print(list(it.pairwise('abcd')) if hasattr(it, 'pairwise') else 'no pairwise')
