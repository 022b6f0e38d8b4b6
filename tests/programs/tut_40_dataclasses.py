# dataclasses: generated __init__, __repr__, __eq__, ordering, defaults
from dataclasses import dataclass, field, asdict, astuple, replace

@dataclass
class InventoryItem:
    name: str
    unit_price: float
    quantity_on_hand: int = 0

    def total_cost(self) -> float:
        return self.unit_price * self.quantity_on_hand

item = InventoryItem('widget', 3.5, 10)
print(item)
print(item.total_cost())
print(item == InventoryItem('widget', 3.5, 10), item == InventoryItem('widget', 3.5))
print(InventoryItem('gizmo', 1.25))

@dataclass(order=True, frozen=True)
class Card:
    rank: int
    suit: str

hand = [Card(10, 'hearts'), Card(2, 'spades'), Card(10, 'clubs'), Card(14, 'diamonds')]
print(sorted(hand))
print(max(hand), Card(3, 'x') < Card(3, 'y'))
try:
    hand[0].rank = 11
except Exception as e:
    print(type(e).__name__)

@dataclass
class Team:
    name: str
    members: list = field(default_factory=list)
    score: int = field(default=0, repr=False)

a = Team('red')
b = Team('blue')
a.members.append('ann')
print(a, b, a.score)
print(asdict(a), astuple(b))
c = replace(a, name='green')
print(c, c.members is a.members)

@dataclass
class Employee:
    name: str
    salary: int
    def __post_init__(self):
        self.email = self.name.lower() + '@example.com'

e = Employee('Bob', 5000)
print(e, e.email)
