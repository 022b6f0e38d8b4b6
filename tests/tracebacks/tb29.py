data = [3, 0]
s = {10 // x for x in data}
