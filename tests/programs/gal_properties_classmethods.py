# property, staticmethod and classmethod on a Temperature class
class Temperature:
    count = 0

    def __init__(self, celsius=0.0):
        self.celsius = celsius
        Temperature.count += 1

    @property
    def celsius(self):
        return self._celsius

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError(f'{value} is below absolute zero')
        self._celsius = value

    @property
    def fahrenheit(self):
        return self._celsius * 9 / 5 + 32

    @fahrenheit.setter
    def fahrenheit(self, value):
        self.celsius = (value - 32) * 5 / 9

    @classmethod
    def from_fahrenheit(cls, f):
        t = cls()
        t.fahrenheit = f
        return t

    @staticmethod
    def is_freezing(celsius):
        return celsius <= 0

    def __repr__(self):
        return f'Temperature({self._celsius:.2f})'

t = Temperature(25)
print(t, t.fahrenheit)
t.fahrenheit = 212
print(t, t.celsius)
print(Temperature.from_fahrenheit(32), Temperature.is_freezing(-5), t.is_freezing(t.celsius))
try:
    t.celsius = -300
except ValueError as e:
    print('ValueError:', e)
print(t, Temperature.count)

class Kelvin(Temperature):
    def __repr__(self):
        return f'Kelvin({self.celsius + 273.15:.2f})'

k = Kelvin.from_fahrenheit(-40)
print(k, type(k).__name__, Temperature.count)

class Circle:
    def __init__(self, r):
        self.r = r
    @property
    def area(self):
        return round(3.14159 * self.r ** 2, 3)

c = Circle(2)
print(c.area)
try:
    c.area = 10
except AttributeError:
    print('area is read-only')
print(type(Temperature.__dict__['celsius']).__name__, type(Temperature.__dict__['is_freezing']).__name__)
