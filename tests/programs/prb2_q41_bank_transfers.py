class InsufficientFunds(Exception): pass
class Account:
    _next_id = 100
    def __init__(self, owner, balance=0):
        self.owner = owner; self.balance = balance; self.history = []
        self.id = Account._next_id; Account._next_id += 1
    def deposit(self, amt):
        if amt <= 0: raise ValueError('amount must be positive')
        self.balance += amt; self.history.append(('dep', amt))
    def withdraw(self, amt):
        if amt > self.balance: raise InsufficientFunds(f'{self.owner} has {self.balance}, needs {amt}')
        self.balance -= amt; self.history.append(('wd', amt))
    def __str__(self): return f'#{self.id} {self.owner}: {self.balance}'
class Savings(Account):
    rate = 0.02
    def add_interest(self):
        i = round(self.balance * self.rate, 2); self.deposit(i); return i
class Bank:
    def __init__(self): self.accounts = {}
    def open(self, cls, owner, bal=0):
        a = cls(owner, bal); self.accounts[a.id] = a; return a
    def transfer(self, src, dst, amt):
        try:
            self.accounts[src].withdraw(amt)
        except InsufficientFunds as e:
            return f'failed: {e}'
        self.accounts[dst].deposit(amt); return 'ok'
bank = Bank()
a = bank.open(Account, 'alice', 100); b = bank.open(Savings, 'bob', 50)
print(bank.transfer(a.id, b.id, 30), bank.transfer(b.id, a.id, 500))
print(b.add_interest(), a, b, sep=' | ')
try:
    a.deposit(-5)
except ValueError as e:
    print('rejected:', e)
print(a.history, b.history)
print(sum(x.balance for x in bank.accounts.values()), sorted(bank.accounts), type(b).__mro__[1].__name__)
