class OutOfStock(Exception):
    def __init__(self, sku, wanted, have):
        super().__init__(f'{sku}: wanted {wanted}, have {have}')
        self.sku = sku
class Item:
    def __init__(self, sku, name, price, qty=0):
        self.sku, self.name, self.price, self.qty = sku, name, price, qty
    def __repr__(self):
        return f'Item({self.sku!r}, {self.name!r}, {self.price}, qty={self.qty})'
class Inventory:
    def __init__(self):
        self.items = {}
        self.log = []
    def add(self, item):
        self.items[item.sku] = item; self.log.append(('add', item.sku))
    def restock(self, sku, n):
        self.items[sku].qty += n; self.log.append(('restock', sku, n))
    def sell(self, sku, n):
        it = self.items[sku]
        if it.qty < n: raise OutOfStock(sku, n, it.qty)
        it.qty -= n; self.log.append(('sell', sku, n))
        return round(it.price * n, 2)
    def value(self):
        return round(sum(i.price * i.qty for i in self.items.values()), 2)
    def low(self, threshold=3):
        return sorted(s for s, i in self.items.items() if i.qty < threshold)
inv = Inventory()
for sku, name, price, q in [('A1', 'widget', 2.5, 10), ('B2', 'gadget', 12.99, 2), ('C3', 'doohickey', 0.75, 40)]:
    inv.add(Item(sku, name, price, q))
print(inv.value(), inv.low())
print(inv.sell('A1', 4), inv.sell('C3', 39))
try:
    inv.sell('B2', 5)
except OutOfStock as e:
    print('failed:', e, e.sku, isinstance(e, Exception), e.args)
inv.restock('B2', 10)
print(inv.value(), inv.low(), len(inv.log), inv.log[-1])
print(sorted(inv.items.values(), key=lambda i: i.price * i.qty, reverse=True))
