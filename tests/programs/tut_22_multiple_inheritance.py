# Multiple inheritance and the method resolution order
class Base:
    def hello(self):
        return ['Base']

class Left(Base):
    def hello(self):
        return ['Left'] + super().hello()

class Right(Base):
    def hello(self):
        return ['Right'] + super().hello()

class Child(Left, Right):
    def hello(self):
        return ['Child'] + super().hello()

print(Child().hello())
print([k.__name__ for k in Child.__mro__])

class Flyer:
    def move(self):
        return 'fly'
    def sound(self):
        return 'whoosh'

class Swimmer:
    def move(self):
        return 'swim'
    def dive(self):
        return 'splash'

class Duck(Flyer, Swimmer):
    def sound(self):
        return 'quack'

d = Duck()
print(d.move(), d.sound(), d.dive())
print(Swimmer.move(d))

class A: pass
class B: pass
try:
    class Bad(A, B, A):
        pass
except TypeError as e:
    print('TypeError:', e)

class X(A, B): pass
class Y(B, A): pass
try:
    class Z(X, Y): pass
except TypeError as e:
    print('MRO conflict detected')
