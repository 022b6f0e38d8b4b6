# Polymorphism: an abstract base class, overriding, super() chains and class attributes
from abc import ABC, abstractmethod

class Animal(ABC):
    population = 0

    def __init__(self, name, legs):
        self.name = name
        self.legs = legs
        Animal.population += 1

    @abstractmethod
    def speak(self):
        ...

    def describe(self):
        return f'{self.name} the {type(self).__name__.lower()} ({self.legs} legs) says {self.speak()}'

    def __repr__(self):
        return f'{type(self).__name__}({self.name!r})'

class Dog(Animal):
    def __init__(self, name, tricks=()):
        super().__init__(name, 4)
        self.tricks = list(tricks)

    def speak(self):
        return 'Woof'

class Puppy(Dog):
    def speak(self):
        return super().speak().lower() + '!' * 3

class Bird(Animal):
    def __init__(self, name, can_fly=True):
        super().__init__(name, 2)
        self.can_fly = can_fly

    def speak(self):
        return 'Tweet'

    def describe(self):
        base = super().describe()
        return base + ('' if self.can_fly else ' but cannot fly')

try:
    Animal('generic', 0)
except TypeError:
    print('cannot instantiate abstract Animal')

zoo = [Dog('Rex', ['sit']), Puppy('Bit'), Bird('Tweety'), Bird('Pingu', can_fly=False)]
for a in zoo:
    print(a.describe())
print(zoo, Animal.population)
print([isinstance(a, Dog) for a in zoo], [type(a) is Dog for a in zoo])
print(Puppy.__mro__[1].__name__, Puppy.speak is Dog.speak, Puppy.describe is Animal.describe)
legs = {}
for a in zoo:
    legs.setdefault(a.legs, []).append(a.name)
print(legs, sum(a.legs for a in zoo))
