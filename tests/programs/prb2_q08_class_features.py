class Temperature:
    unit = 'C'
    instances = 0
    def __init__(self, degrees):
        self._deg = degrees
        Temperature.instances += 1
    @property
    def degrees(self):
        return self._deg
    @degrees.setter
    def degrees(self, v):
        if v < -273.15:
            raise ValueError('below absolute zero')
        self._deg = v
    @classmethod
    def from_f(cls, f):
        return cls(round((f - 32) * 5 / 9, 2))
    @staticmethod
    def describe():
        return 'temperature in ' + Temperature.unit
    def __repr__(self):
        return f'Temperature({self._deg!r})'
    def __eq__(self, other):
        return isinstance(other, Temperature) and self._deg == other._deg
    def __lt__(self, other):
        return self._deg < other._deg
t = Temperature(20); u = Temperature.from_f(212)
print(t, u, Temperature.instances, Temperature.describe())
t.degrees = 25
try:
    t.degrees = -300
except ValueError as e:
    print('error:', e)
print(t.degrees, sorted([u, t]), t == Temperature(25), t != u)
t.unit = 'F'
print(t.unit, Temperature.unit, u.unit, 'unit' in vars(t), sorted(vars(t)))
print(Temperature.__hash__ is None, hasattr(t, '__dict__'))
print(type(t).__name__, isinstance(t, object), Temperature.__mro__[-1])
