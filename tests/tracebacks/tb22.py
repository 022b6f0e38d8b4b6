print("a" + None)
