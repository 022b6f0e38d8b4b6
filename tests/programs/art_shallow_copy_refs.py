# copy.copy shares elements (refcounts go up); copy.deepcopy makes new ones.
import copy, sys

inner = [1, 2]
outer = [inner, inner]
print("inner refs:", sys.getrefcount(inner))
shallow = copy.copy(outer)
print("after shallow copy:", sys.getrefcount(inner), "| shares:", shallow[0] is inner)
deep = copy.deepcopy(outer)
print("after deep copy:", sys.getrefcount(inner), "| shares:", deep[0] is inner)
print("deepcopy keeps internal sharing:", deep[0] is deep[1])
inner.append(3)
print("shallow sees mutation:", shallow[0], "deep does not:", deep[0])
