# Abstract properties, static and class methods: __isabstractmethod__ of the wrappers.
from abc import ABC, abstractmethod
class S(ABC):
    @property
    def name(self): return "s"
    @staticmethod
    def make(): return 1
    @classmethod
    def build(cls): return cls
    @property
    @abstractmethod
    def area(self): ...
class T(S):
    @property
    def area(self): return 2
print(T().name, T().area, T.make(), T.build().__name__)
try:
    S()
except TypeError as e:
    print(e)
