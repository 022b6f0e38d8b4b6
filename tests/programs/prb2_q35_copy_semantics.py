import copy
orig = {'name': 'cfg', 'tags': ['a', 'b'], 'nested': {'level': [1, [2, 3]]}}
sh = copy.copy(orig); dp = copy.deepcopy(orig)
orig['tags'].append('c'); orig['nested']['level'][1].append(4); orig['name'] = 'changed'
print(sh); print(dp)
print(sh['tags'] is orig['tags'], dp['tags'] is orig['tags'])
shared = [0]
pair = [shared, shared]
dpair = copy.deepcopy(pair)
print(dpair[0] is dpair[1], dpair[0] is shared)
cyc = [1]; cyc.append(cyc)
c2 = copy.deepcopy(cyc)
print(c2[1] is c2, c2 is not cyc)
class Config:
    def __init__(self, opts): self.opts = opts; self.copies = 0
    def __copy__(self):
        new = Config(self.opts); new.copies = self.copies + 1; return new
    def __deepcopy__(self, memo):
        new = Config(copy.deepcopy(self.opts, memo)); new.copies = -1; return new
c = Config({'debug': True})
print(copy.copy(c).copies, copy.copy(c).opts is c.opts, copy.deepcopy(c).copies, copy.deepcopy(c).opts is c.opts)
t = (1, 2, (3, 4))
print(copy.copy(t) is t, copy.deepcopy(t) is t)
t2 = (1, [2])
print(copy.deepcopy(t2) is t2, copy.deepcopy(t2) == t2)
l = [[1, 2]] * 2; m = l[:]; m[0].append(3); print(l, m, l is m, l[0] is m[0])
print(copy.copy(5) is 5 if False else 'int copy same:', copy.copy(1000) == 1000, copy.deepcopy('s') is 's')
