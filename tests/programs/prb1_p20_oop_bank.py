class InsufficientFunds(Exception):
    def __init__(self, needed, available):
        super().__init__(f'need {needed}, have {available}')
        self.needed = needed
class Account:
    interest = 0.02
    _count = 0
    def __init__(self, owner, balance=0):
        self.owner = owner
        self._balance = balance
        Account._count += 1
    @property
    def balance(self):
        return self._balance
    @balance.setter
    def balance(self, v):
        if v < 0:
            raise ValueError('negative balance')
        self._balance = v
    def withdraw(self, amt):
        if amt > self._balance:
            raise InsufficientFunds(amt, self._balance)
        self._balance -= amt
        return self._balance
    @classmethod
    def count(cls):
        return cls._count
    @staticmethod
    def fee(amount):
        return round(amount * 0.01, 2)
    def __str__(self):
        return f'{self.owner}: ${self._balance:,.2f}'
    def __repr__(self):
        return f'Account({self.owner!r}, {self._balance})'
class Savings(Account):
    interest = 0.05
    def add_interest(self):
        self._balance += self._balance * self.interest
a = Account('Ann', 1000); s = Savings('Bob', 20000)
print(a, s, repr(a), Account.count(), Savings.count(), Account.fee(250))
s.add_interest(); print(s)
try:
    a.withdraw(5000)
except InsufficientFunds as e:
    print('Error:', e, e.needed, e.args)
try:
    a.balance = -1
except ValueError as e:
    print(type(e).__name__, e)
a.balance = 5; print(a.balance, a.withdraw(2))
print([str(x) for x in sorted([s, a], key=lambda acc: acc.balance)])
