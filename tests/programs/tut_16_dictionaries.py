# Dictionaries: creation, lookup, deletion, methods
tel = {'jack': 4098, 'sape': 4139}
tel['guido'] = 4127
print(tel)
print(tel['jack'])
del tel['sape']
tel['irv'] = 4127
print(tel)
print(list(tel))
print(sorted(tel))
print('guido' in tel, 'jack' not in tel)
print(dict([('sape', 4139), ('guido', 4127), ('jack', 4098)]))
print({x: x**2 for x in (2, 4, 6)})
print(dict(sape=4139, guido=4127, jack=4098))
print(tel.get('nobody'), tel.get('nobody', -1))
try:
    tel['nobody']
except KeyError as e:
    print('KeyError:', e)
print(tel.setdefault('zed', 1), tel.setdefault('jack', 0))
print(tel.pop('zed'), tel.pop('zed', 'gone'))
tel.update({'jack': 1, 'new': 2}, extra=3)
print(tel)
print(tel.popitem(), tel)
print(list(tel.keys()), list(tel.values()), list(tel.items()))
inverse = {v: k for k, v in tel.items()}
print(inverse)
merged = {**tel, 'guido': 0}
print(merged, len(merged))
d = dict.fromkeys('abc', 0)
d['b'] += 5
print(d, d == {'c': 0, 'b': 5, 'a': 0})
