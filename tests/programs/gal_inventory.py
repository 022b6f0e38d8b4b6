# A small store inventory: dicts of dicts, restocking, orders and a report
inventory = {
    'apple': {'price': 0.5, 'qty': 100},
    'bread': {'price': 2.25, 'qty': 20},
    'milk': {'price': 1.2, 'qty': 0},
    'cheese': {'price': 7.8, 'qty': 5},
}

def restock(item, qty, price=None):
    entry = inventory.setdefault(item, {'price': price or 0.0, 'qty': 0})
    entry['qty'] += qty
    if price is not None:
        entry['price'] = price

def place_order(order):
    missing = {item: n for item, n in order.items()
               if inventory.get(item, {'qty': 0})['qty'] < n}
    if missing:
        print('  cannot fill, short on', sorted(missing))
        return None
    total = 0
    for item, n in order.items():
        inventory[item]['qty'] -= n
        total += inventory[item]['price'] * n
    return round(total, 2)

def report():
    print(f"{'item':<8}{'price':>7}{'qty':>5}{'value':>9}")
    for name, e in sorted(inventory.items()):
        print(f"{name:<8}{e['price']:>7.2f}{e['qty']:>5}{e['price'] * e['qty']:>9.2f}")
    print('total value:', round(sum(e['price'] * e['qty'] for e in inventory.values()), 2))

report()
print('order 1:', place_order({'apple': 10, 'bread': 2}))
print('order 2:', place_order({'milk': 1, 'cheese': 9}))
restock('milk', 12)
restock('eggs', 30, price=0.3)
print('order 3:', place_order({'milk': 2, 'eggs': 12, 'cheese': 1}))
report()
low = [name for name, e in inventory.items() if e['qty'] < 10]
print('low stock:', low)
del inventory['cheese']
print(list(inventory), 'cheese' in inventory)
