# A comparison that fails in a loop's test, after the test held a few times.
def f(limit):
    n = 0
    while n <   limit:
        n = n + 1
        if n == 3:
            limit = "three"
    return n


f(10)
