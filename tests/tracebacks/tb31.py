# A local read before it is bound: 3.11 reworded the message.
def f():
    print(x)
    x = 1


f()
