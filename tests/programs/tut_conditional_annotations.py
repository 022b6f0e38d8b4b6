# 3.14+ module annotations under if/for/try: __conditional_annotations__ records which ran.
import sys
x: int = 1
if x > 5:
    y: str = "no"
for i in range(2):
    z: float = 1.0
try:
    w: list = []
except Exception:
    v: dict = {}
print(sorted(k for k in globals() if 'ann' in k))
