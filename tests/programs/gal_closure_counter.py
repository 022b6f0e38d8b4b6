# Closures: counter factories that keep private state between calls
def make_counter(start=0, step=1):
    count = start
    def counter():
        nonlocal count
        count += step
        return count
    return counter

c1 = make_counter()
c2 = make_counter(100, 10)
print(c1(), c1(), c1())
print(c2(), c2())
print(c1(), c2())
print(c1.__code__.co_freevars, c1.__closure__[0].cell_contents)

def make_account(balance):
    history = []
    def deposit(amount):
        nonlocal balance
        balance += amount
        history.append(('deposit', amount))
        return balance
    def withdraw(amount):
        nonlocal balance
        if amount > balance:
            history.append(('denied', amount))
            return balance
        balance -= amount
        history.append(('withdraw', amount))
        return balance
    def report():
        return balance, list(history)
    return deposit, withdraw, report

dep, wd, rep = make_account(50)
dep(25)
wd(100)
wd(30)
print(rep())

def memoize_calls():
    seen = {}
    def square(n):
        if n not in seen:
            print('  computing', n)
            seen[n] = n * n
        return seen[n]
    return square

sq = memoize_calls()
print([sq(3), sq(4), sq(3), sq(4), sq(5)])
