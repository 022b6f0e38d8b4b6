data = [3, 0, 1]
inv = {x: 1 / x for x in data}
