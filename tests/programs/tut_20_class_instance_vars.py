# Class and instance variables, including a shared mutable class attribute
class Dog:
    kind = 'canine'

    def __init__(self, name):
        self.name = name

d = Dog('Fido')
e = Dog('Buddy')
print(d.kind, e.kind, d.name, e.name)

class BadDog:
    tricks = []

    def __init__(self, name):
        self.name = name

    def add_trick(self, trick):
        self.tricks.append(trick)

d = BadDog('Fido')
e = BadDog('Buddy')
d.add_trick('roll over')
e.add_trick('play dead')
print(d.tricks)

class GoodDog:
    def __init__(self, name):
        self.name = name
        self.tricks = []

    def add_trick(self, trick):
        self.tricks.append(trick)

d = GoodDog('Fido')
e = GoodDog('Buddy')
d.add_trick('roll over')
e.add_trick('play dead')
print(d.tricks, e.tricks)

class Warehouse:
    purpose = 'storage'
    region = 'west'

w1 = Warehouse()
print(w1.purpose, w1.region)
w2 = Warehouse()
w2.region = 'east'
print(w2.purpose, w2.region, w1.region)
Warehouse.purpose = 'shipping'
print(w1.purpose, w2.purpose)
Dog.kind = 'wolf'
print(Dog('Rex').kind, 'kind' in vars(Dog('Rex')))
