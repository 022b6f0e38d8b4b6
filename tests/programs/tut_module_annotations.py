# Module-level annotated assignments record their annotations in __annotations__ (3.8-3.13).
x: int = 1
print(__annotations__)
if x:
    z: str = "a"
print(__annotations__)
