# Attribute names made at run time (setattr, __dict__ items) on instances whose values live
# with the class's shared keys: the interned name must stay alive with those keys.
class P: pass
p = P()
n = 'a'
k = '_' + n
setattr(p, k, 1)
del k
print(vars(p))
p2 = P()
p2.__dict__['_' + n] = 2
print(vars(p2))
