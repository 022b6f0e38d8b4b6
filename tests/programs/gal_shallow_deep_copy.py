# Copying nested lists: assignment, slice, list(), copy.copy, copy.deepcopy
import copy

original = [[1, 2], [3, 4], 5]
assigned = original
sliced = original[:]
listed = list(original)
shallow = copy.copy(original)
deep = copy.deepcopy(original)

original[0].append(99)
original[2] = 'five'
original.append('extra')

for name, lst in [('original', original), ('assigned', assigned), ('sliced', sliced),
                  ('listed', listed), ('shallow', shallow), ('deep', deep)]:
    print(f'{name:9} {lst}')

print(sliced[0] is original[0], deep[0] is original[0], sliced is original)

matrix = [[1, 2, 3], [4, 5, 6]]
copy_rows = [row[:] for row in matrix]
copy_rows[1][1] = 0
print(matrix, copy_rows)

config = {'servers': ['a', 'b'], 'retries': 3}
snap = dict(config)
snap['retries'] = 5
snap['servers'].append('c')
print(config, snap)

cyclic = [1, 2]
cyclic.append(cyclic)
print(cyclic)
cyc2 = copy.deepcopy(cyclic)
print(cyc2, cyc2[2] is cyc2, cyc2[2] is cyclic)
