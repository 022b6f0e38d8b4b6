# itertools: count, islice, chain, product, permutations, combinations, groupby, accumulate, zip_longest
import itertools as it
import operator

print(list(it.islice(it.count(10, 5), 4)))
print(list(it.islice('ABCDEFG', 2, None, 2)))
print(list(it.chain('ABC', [1, 2], (3,))))
print(list(it.chain.from_iterable([[1, 2], [3], []])))
print(list(it.product('AB', repeat=2)))
print([''.join(p) for p in it.product('xy', '12')])
print(list(it.permutations([1, 2, 3])))
print(list(it.permutations('ABCD', 2))[:5], len(list(it.permutations(range(5), 3))))
print(list(it.combinations('ABCD', 2)))
print(list(it.combinations_with_replacement([1, 2, 3], 2)))
data = sorted(['apple', 'avocado', 'banana', 'blueberry', 'cherry', 'apricot'])
for key, group in it.groupby(data, key=lambda w: w[0]):
    print(key, list(group))
print([(k, len(list(g))) for k, g in it.groupby('AAAABBBCCDAA')])
print(list(it.accumulate([1, 2, 3, 4, 5])))
print(list(it.accumulate([3, 1, 4, 1, 5, 9, 2], max)))
print(list(it.accumulate([1, 2, 3, 4], operator.mul)))
print(list(it.zip_longest('ABCD', 'xy', fillvalue='-')))
print(list(it.repeat('ab', 3)), list(it.islice(it.cycle('xyz'), 7)))
print(list(it.takewhile(lambda x: x < 5, [1, 4, 6, 4, 1])), list(it.dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1])))
print(list(it.compress('ABCDEF', [1, 0, 1, 0, 1, 1])), list(it.starmap(pow, [(2, 5), (3, 2)])))
a, b = it.tee([1, 2, 3])
print(list(a), list(b), list(it.filterfalse(lambda x: x % 2, range(10))))
