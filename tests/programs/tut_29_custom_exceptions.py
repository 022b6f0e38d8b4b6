# User-defined exceptions with extra attributes
class InsufficientFunds(Exception):
    """Raised when a withdrawal exceeds the balance."""
    def __init__(self, balance, amount):
        super().__init__(f"balance {balance} is less than {amount}")
        self.balance = balance
        self.amount = amount

class AccountLocked(Exception):
    pass

class Account:
    def __init__(self, balance):
        self.balance = balance
        self.locked = False

    def withdraw(self, amount):
        if self.locked:
            raise AccountLocked('account is locked')
        if amount > self.balance:
            raise InsufficientFunds(self.balance, amount)
        self.balance -= amount
        return self.balance

acct = Account(100)
for amount in [30, 50, 40]:
    try:
        print('left:', acct.withdraw(amount))
    except InsufficientFunds as e:
        print('refused:', e, '| short by', e.amount - e.balance)
acct.locked = True
try:
    acct.withdraw(1)
except Exception as e:
    print(type(e).__name__, e.args)
print(InsufficientFunds.__doc__, issubclass(AccountLocked, Exception))
print(repr(AccountLocked('x', 2)), str(AccountLocked()), repr(str(AccountLocked())))
acct.locked = False
acct.withdraw(1000)
print('not reached')
