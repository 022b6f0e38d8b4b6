# Private variables and name mangling
class Mapping:
    def __init__(self, iterable):
        self.items_list = []
        self.__update(iterable)

    def update(self, iterable):
        for item in iterable:
            self.items_list.append(item)

    __update = update   # private copy of original update() method

class MappingSubclass(Mapping):
    def update(self, keys, values):
        # provides new signature for update()
        # but does not break __init__()
        for item in zip(keys, values):
            self.items_list.append(item)

m = MappingSubclass([1, 2, 3])
print(m.items_list)
m.update(['a', 'b'], [10, 20])
print(m.items_list)

class Account:
    def __init__(self, owner, balance):
        self.owner = owner
        self.__balance = balance
        self._hint = 'protected by convention'

    def balance(self):
        return self.__balance

acct = Account('ann', 100)
print(acct.balance(), acct._hint)
try:
    print(acct.__balance)
except AttributeError:
    print('no attribute __balance from outside')
print(acct._Account__balance)
print(sorted(k for k in vars(acct)))
print([n for n in vars(Mapping) if 'update' in n])
