# Bank account simulation with inheritance, class counters and a transaction log
class Account:
    next_number = 1000

    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.number = Account.next_number
        Account.next_number += 1
        self.log = []

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError('deposit must be positive')
        self.balance += amount
        self.log.append(('dep', amount))

    def withdraw(self, amount):
        if amount > self.balance:
            self.log.append(('fail', amount))
            return False
        self.balance -= amount
        self.log.append(('wd', amount))
        return True

    def __repr__(self):
        return f'{type(self).__name__}#{self.number}({self.owner}, {self.balance})'

class Savings(Account):
    rate = 0.02

    def add_interest(self):
        interest = round(self.balance * self.rate, 2)
        self.deposit(interest)
        return interest

class Checking(Account):
    def __init__(self, owner, balance=0, overdraft=100):
        super().__init__(owner, balance)
        self.overdraft = overdraft

    def withdraw(self, amount):
        if amount > self.balance + self.overdraft:
            self.log.append(('fail', amount))
            return False
        self.balance -= amount
        self.log.append(('wd', amount))
        return True

def transfer(src, dst, amount):
    if src.withdraw(amount):
        dst.deposit(amount)
        return True
    return False

alice = Savings('alice', 500)
bob = Checking('bob', 50)
print(alice, bob)
print(transfer(bob, alice, 120), alice, bob)
print(transfer(bob, alice, 100), alice, bob)
print('interest:', alice.add_interest(), alice)
try:
    alice.deposit(-5)
except ValueError as e:
    print('rejected:', e)
print(alice.log)
print(bob.log)
accounts = [alice, bob, Account('carol', 75)]
print(sorted(accounts, key=lambda a: a.balance))
print('total held:', sum(a.balance for a in accounts))
