# abc: abstract methods collected by ABCMeta, the error for instantiating an abstract class
# (its wording per version), virtual subclasses through register().
from abc import ABC, ABCMeta, abstractmethod
import gc
class Shape(ABC):
    @abstractmethod
    def area(self): ...
    @abstractmethod
    def name(self): ...
    def describe(self):
        return f"{self.name()} with area {self.area()}"
class Square(Shape):
    def __init__(self, s): self.s = s
    def area(self): return self.s ** 2
    def name(self): return "square"
class Half(Shape):
    def area(self): return 0
try:
    Shape()
except TypeError as e:
    print(e)
try:
    Half()
except TypeError as e:
    print(e)
sq = Square(3)
print(sq.describe(), isinstance(sq, Shape), type(Shape).__name__, type(Square).__name__)
print(sorted(Shape.__abstractmethods__), Square.__abstractmethods__, Half.__abstractmethods__)
class Plugin(metaclass=ABCMeta):
    pass
class Other: pass
Plugin.register(Other)
print(isinstance(Other(), Plugin), issubclass(Other, Plugin), isinstance(1, Plugin))
print(getattr(Shape.area, '__isabstractmethod__', False), getattr(Square.area, '__isabstractmethod__', False))
